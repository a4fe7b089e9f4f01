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

    @Test func damageIsNotTrusted() {
        let text = String(decoding: record.encoded(), as: UTF8.self)
        let damaged = [
            "",
            "glidepath site record 2\n" + text.split(separator: "\n").dropFirst().joined(separator: "\n"),
            text.replacingOccurrences(of: "migrations/orders-v2/runbook.html", with: "../../etc/passwd"),
            text.replacingOccurrences(of: "migrations/orders-v2/runbook.html", with: "/etc/passwd"),
            text.replacingOccurrences(of: "file 1 -5", with: "file one -5"),
            text.replacingOccurrences(of: "50%25", with: "50%2"),
            text + "something else\n",
            text.split(separator: "\n").dropLast(2).joined(separator: "\n") + "\n",
            text.replacingOccurrences(of: "end\n", with: ""),
        ]
        for bytes in damaged { #expect(SiteRecord.decode(Array(bytes.utf8)) == nil, "\(bytes.prefix(80))") }
    }
}
