import Digest
import Foundation
import Testing

/// Blob ids as git computes them (`git hash-object`), for both object formats, across the
/// padding edges of both hashes.
@Suite struct GitObjectIDTests {
    @Test(arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
    ])
    func sha1KnownDigests(input: String, expected: String) {
        #expect(SHA1.hex(Array(input.utf8)) == expected)
    }

    @Test func blobIDsAgreeWithGit() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("blob-ids-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for format in [GitObjectFormat.sha1, .sha256] {
            let repository = directory.appendingPathComponent(format.rawValue).path
            try git(["init", "-q", "--object-format=\(format.rawValue)", repository])
            for length in [0, 1, 46, 47, 55, 56, 63, 64, 65, 119, 120, 1000] {
                let input = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
                let file = directory.appendingPathComponent("input-\(length)")
                try Data(input).write(to: file)
                let expected = try git(["-C", repository, "hash-object", file.path]).trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(format.blobID(input) == expected, "\(format) length \(length)")
            }
        }
    }

    @discardableResult
    func git(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "git \(arguments.joined(separator: " "))")
        return output
    }
}
