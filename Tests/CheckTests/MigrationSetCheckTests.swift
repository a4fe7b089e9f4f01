import Foundation
import GlidepathCore
import TestSupport
import Testing

/// The checks across specs apply to every command that reads several specs, `check` included:
/// two specs naming one migration would write the same folder, runbook and Application.
@Suite struct MigrationSetCheckTests {
    @Test func checkReportsTwoSpecsNamingOneMigration() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("glidepath-set-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("copy.yaml").path
        try FileManager.default.copyItem(atPath: packageRoot + "/examples/minimal.yaml", toPath: copy)
        let original = packageRoot + "/examples/minimal.yaml"

        let result = Glidepath.checkCommand(paths: [original, copy], format: .text, colors: false)
        #expect(result.exitCode == 1)
        #expect(result.errors.hasPrefix(copy + ":"), "the later spec carries the error: \(result.errors)")
        #expect(result.errors.contains("[check.duplicate-migration]"))
        #expect(result.errors.contains(original), "the note points at the first spec")

        let alone = Glidepath.checkCommand(paths: [copy], format: .text, colors: false)
        #expect(alone.exitCode == 0, "\(alone.errors)")
    }
}
