import Foundation
import GlidepathCore
import TestSupport
import Testing

/// The examples' output, byte for byte, against `Fixtures/<example>/expected/` (rewritten by
/// GLIDEPATH_UPDATE_GOLDENS=1, as every golden is).
@Suite struct GoldenTests {
    @Test(arguments: examples)
    func exampleOutputMatchesGolden(_ example: String) throws {
        let plan = try examplePlan(example)
        let artifacts = try Glidepath.generate(plan)
        let folder = "Tests/GlidepathCoreTests/Fixtures/\(example)/expected"
        for artifact in artifacts {
            try Golden.expect(folder + "/" + artifact.path, equals: artifact.contents)
        }
        let committed = try FileManager.default.subpathsOfDirectory(atPath: packageRoot + "/" + folder)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".sql") }.sorted()
        let stale = Set(committed).subtracting(artifacts.map(\.path))
        if Golden.updating, !stale.isEmpty {
            for path in stale { try FileManager.default.removeItem(atPath: packageRoot + "/" + folder + "/" + path) }
            Issue.record("removed goldens no longer generated: \(stale.sorted())")
        } else {
            #expect(stale.isEmpty, "goldens of files no longer generated: \(stale.sorted())")
        }
    }

    /// The diagnostics users see for a spec with many mistakes, as text.
    @Test func diagnosticsOfABrokenSpecMatchGolden() throws {
        let directory = packageRoot + "/Tests/GlidepathCoreTests/Fixtures/broken"
        let result = Glidepath.checkCommand(paths: [directory + "/spec.yaml"], format: .text, colors: false)
        #expect(result.exitCode == 1)
        let text = result.errors.replacingOccurrences(of: directory + "/", with: "")
        try Golden.expect("Tests/GlidepathCoreTests/Fixtures/broken/expected/diagnostics.txt", equals: text)
    }
}
