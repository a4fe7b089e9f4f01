import Foundation
import TestSupport
import Testing

@testable import Publish

@Suite struct UnifiedDiffTests {
    @Test func equalTextsHaveNoDiff() {
        #expect(UnifiedDiff.diff(path: "f", old: "a\nb\n", new: "a\nb\n") == nil)
    }

    @Test func hunksCarryThreeLinesOfContext() throws {
        let old = (1...20).map { "line \($0)\n" }.joined()
        let new = old.replacingOccurrences(of: "line 10\n", with: "line ten\n")
        let diff = try #require(UnifiedDiff.diff(path: "f.txt", old: old, new: new))
        #expect(
            diff == """
                --- a/f.txt
                +++ b/f.txt
                @@ -7,7 +7,7 @@
                 line 7
                 line 8
                 line 9
                -line 10
                +line ten
                 line 11
                 line 12
                 line 13

                """)
    }

    @Test func newAndRemovedFilesUseDevNull() throws {
        #expect(try #require(UnifiedDiff.diff(path: "n", old: nil, new: "x\n")) == "--- /dev/null\n+++ b/n\n@@ -0,0 +1 @@\n+x\n")
        #expect(try #require(UnifiedDiff.diff(path: "n", old: "x\n", new: nil)) == "--- a/n\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n")
    }

    /// The real consumer: `patch` turns the old text into the new one with the diff, for
    /// many random edits (insertions, deletions, changes, missing final newlines).
    @Test func patchAppliesEveryDiff() throws {
        var generator = SystemRandomNumberGenerator()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("glidepath-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for round in 0..<40 {
            var lines = (0..<Int.random(in: 0...60, using: &generator)).map { "l\($0 % 7)" }
            let old = lines.joined(separator: "\n") + (round % 5 == 0 ? "" : "\n")
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let at = Int.random(in: 0...lines.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: lines.insert("new\(round)", at: at)
                case 1 where at < lines.count: lines.remove(at: at)
                default: if at < lines.count { lines[at] = "changed" }
                }
            }
            let new = lines.joined(separator: "\n") + (round % 7 == 0 ? "" : "\n")
            guard let diff = UnifiedDiff.diff(path: "f", old: old, new: new) else {
                #expect(old == new)
                continue
            }
            let file = folder.appendingPathComponent("f")
            let patchFile = folder.appendingPathComponent("p")
            try old.write(to: file, atomically: true, encoding: .utf8)
            try diff.write(to: patchFile, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/patch")
            process.arguments = ["--quiet", "--force", file.path, patchFile.path]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "patch rejected round \(round):\n\(diff)")
            #expect(try String(contentsOf: file, encoding: .utf8) == new, "round \(round)")
        }
    }
}
