import Files
import TestSupport
import Testing

@testable import Publish

/// The site's record is read back exactly as written, whatever the names hold, and anything
/// else in its place (truncated, edited, naming files outside the site) is not trusted at all.
@Suite struct SiteRecordTests {
    let record = SiteRecord(
        inputs: "abc",
        shared: SiteRecord.Shared(
            specSet: "def", files: ["index.html": FileStamp(size: 10, modified: 1_700_000_000_123_456_789, inode: 7)]),
        specs: [
            "team a/orders 100%.yaml": SiteRecord.Spec(
                digest: "0123", migration: "orders-v2", entry: ["a b", "tab\there", "line\nbreak", "50% off", "", "\r"],
                files: [
                    "migrations/orders-v2/runbook.html": FileStamp(size: 1, modified: -5, inode: UInt64.max),
                    "migrations/orders-v2/sql/010 expand.sql": FileStamp(size: 0, modified: 0, inode: 0),
                ]),
            "plain.yaml": SiteRecord.Spec(digest: "4567", migration: "p", entry: [], files: [:]),
        ])

    @Test func roundTrips() {
        #expect(SiteRecord.decode(record.encoded()) == record)
        #expect(SiteRecord.decode(SiteRecord(inputs: "x").encoded()) == SiteRecord(inputs: "x"))
    }

    /// Many specs are read in slices on several cores; names that look like the lines a slice
    /// starts at must not cut one in the wrong place.
    @Test func aLargeRecordRoundTrips() {
        var specs: [String: SiteRecord.Spec] = [:]
        for index in 0..<500 {
            let files = Dictionary(
                uniqueKeysWithValues: (0..<(index % 4)).map { file in
                    ("migrations/m\(index)/spec \(file).yaml", FileStamp(size: Int64(file), modified: Int64(index), inode: UInt64(file)))
                })
            specs["team/\nspec \(index).yaml"] = SiteRecord.Spec(
                digest: String(index), migration: "m\(index)", entry: ["x\nspec y", "\(index)"], files: files)
        }
        let large = SiteRecord(inputs: "in", shared: record.shared, specs: specs)
        #expect(SiteRecord.decode(large.encoded()) == large)
        let withoutShared = SiteRecord(inputs: "in", specs: specs)
        #expect(SiteRecord.decode(withoutShared.encoded()) == withoutShared)
    }

    @Test func damageIsNotTrusted() {
        let text = String(decoding: record.encoded(), as: UTF8.self)
        let damaged: [String] = [
            "",
            "glidepath site record 2\n" + text.split(separator: "\n").dropFirst().joined(separator: "\n"),
            text.replacingOccurrences(of: "migrations/orders-v2/runbook.html", with: "../../etc/passwd"),
            text.replacingOccurrences(of: "migrations/orders-v2/runbook.html", with: "/etc/passwd"),
            text.replacingOccurrences(of: "file 1 -5", with: "file one -5"),
            text.replacingOccurrences(of: "50%25", with: "50%2"),
            text + "something else\n",
            text.split(separator: "\n").dropLast(2).joined(separator: "\n") + "\n",
            text.replacingOccurrences(of: "end\n", with: ""),
            // The shared set after the specs, or twice; a file line before any owner.
            text.replacingOccurrences(of: "end\n", with: "shared x\nend\n"),
            text.replacingOccurrences(of: "inputs abc\n", with: "inputs abc\nfile 1 1 1 a\n"),
        ]
        let damagedNumbers: [String] = [
            // Numbers: too large for 64 bits, signless, doubled spaces, a sign on a size.
            text.replacingOccurrences(of: "file 1 -5", with: "file 99999999999999999999 -5"),
            text.replacingOccurrences(of: "file 1 -5", with: "file 1 - "),
            text.replacingOccurrences(of: "file 1 -5", with: "file 1  -5"),
            text.replacingOccurrences(of: "file 1 -5", with: "file -1 -5"),
            text.replacingOccurrences(of: "file 1 -5", with: "file +1 -5"),
            // An escape that spells a parent folder or a NUL once decoded.
            text.replacingOccurrences(of: "migrations/orders-v2/runbook.html", with: "migrations/%2E%2E/x"),
            text.replacingOccurrences(of: "migrations/orders-v2/runbook.html", with: "migrations/a%00b"),
        ]
        for bytes in damaged + damagedNumbers { #expect(SiteRecord.decode(Array(bytes.utf8)) == nil, "\(bytes.prefix(80))") }
    }

    /// The one-pass rule agrees with its definition: non-empty segments, none starting with a
    /// dot, no backslash or NUL anywhere.
    @Test(arguments: [
        "a", "a/b", "migrations/orders-v2/sql/010 expand.sql", "", "/a", "a//b", "a/", ".x", "a/.x", "a/..", "..", "a\\b",
        "a\u{0}b", "ä/ö", "a/b.", "-/_", "/", "a/./b",
    ])
    func plainRelativePaths(path: String) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let definition =
            !path.isEmpty
            && segments.allSatisfy { segment in
                segment.first.map { $0 != "." } ?? false && !segment.contains("\\") && !segment.contains("\u{0}")
            }
        #expect(OutputWriter.isPlainRelative(path.utf8) == definition, "\(path.debugDescription)")
    }
}
