import Foundation
import GlidepathCore
import Testing

/// The examples' output, byte for byte, against `Fixtures/<example>/expected/`. With
/// GLIDEPATH_UPDATE_GOLDENS=1 the goldens are rewritten and the test fails on purpose.
@Suite struct GoldenTests {
    static let updating = ProcessInfo.processInfo.environment["GLIDEPATH_UPDATE_GOLDENS"] == "1"

    @Test(arguments: examples)
    func exampleOutputMatchesGolden(_ example: String) throws {
        let bytes = try readBytes(packageRoot + "/examples/\(example).yaml")
        let plan = try #require(Glidepath.check(bytes: bytes, path: "examples/\(example).yaml").plan)
        let artifacts = try Glidepath.generate(plan)
        let expected = URL(fileURLWithPath: packageRoot + "/Tests/GlidepathCoreTests/Fixtures/\(example)/expected")
        if Self.updating {
            try? FileManager.default.removeItem(at: expected)
            for artifact in artifacts {
                let url = expected.appendingPathComponent(artifact.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(artifact.contents.utf8).write(to: url)
            }
            Issue.record("rewrote the goldens of \(example); run again without GLIDEPATH_UPDATE_GOLDENS")
            return
        }
        let committed = try FileManager.default.subpathsOfDirectory(atPath: expected.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".sql") }.sorted()
        #expect(committed == artifacts.map(\.path).sorted(), "the set of generated files changed")
        for artifact in artifacts {
            let golden = try? String(contentsOf: expected.appendingPathComponent(artifact.path), encoding: .utf8)
            #expect(golden == artifact.contents, "\(example)/\(artifact.path) differs from its golden")
        }
    }

    /// The diagnostics users see for a spec with many mistakes, as text.
    @Test func diagnosticsOfABrokenSpecMatchGolden() throws {
        let directory = packageRoot + "/Tests/GlidepathCoreTests/Fixtures/broken"
        let result = Glidepath.checkCommand(paths: [directory + "/spec.yaml"], format: .text, colors: false)
        #expect(result.exitCode == 1)
        let text = result.errors.replacingOccurrences(of: directory + "/", with: "")
        let url = URL(fileURLWithPath: directory + "/expected/diagnostics.txt")
        if Self.updating {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            Issue.record("rewrote broken/expected/diagnostics.txt")
            return
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == text)
    }
}
