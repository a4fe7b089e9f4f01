import Foundation
import TestSupport
import Testing

/// The built binary, run as a user runs it: exit codes, messages, and files on disk.
@Suite struct CommandLineTests {
    struct BadFile: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var expected: String
        var testDescription: String { name }
    }

    static let announce = "apiVersion: glidepath.dev/v1alpha1\n"
    static let badFiles: [BadFile] = [
        BadFile(name: "not YAML", bytes: Array((announce + "kind: [unclosed\n  : :\n").utf8), expected: "error: invalid YAML"),
        BadFile(name: "empty", bytes: [], expected: "error: not a glidepath spec"),
        BadFile(name: "binary", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00], expected: "error: the file is binary"),
        BadFile(name: "not UTF-8", bytes: Array("name: caf".utf8) + [0xE9], expected: "error: the file is not valid UTF-8"),
        BadFile(name: "list at top level", bytes: Array("- a\n- b\n".utf8), expected: "error: not a glidepath spec"),
        BadFile(
            name: "10 MB", bytes: Array(String(repeating: "# padding\n", count: 1_048_576).utf8),
            expected: "error: the file is 10485760 bytes"),
        BadFile(
            name: "10,000-deep nesting",
            bytes: Array((announce + "x: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8),
            expected: "error: nesting deeper than 100 levels"),
        BadFile(
            name: "alias bomb", bytes: Array((announce + aliasBomb).utf8), expected: "error: the document expands to more than 100000 nodes"
        ),
        BadFile(name: "scalar", bytes: Array("just text\n".utf8), expected: "error: not a glidepath spec"),
        BadFile(
            name: "another kind", bytes: Array("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n".utf8),
            expected: "error: not a glidepath spec"),
    ]

    static var aliasBomb: String {
        var text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        return text
    }

    @Test(arguments: badFiles)
    func badFilesFailCleanly(_ file: BadFile) throws {
        let directory = try temporaryDirectory("bad")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("spec.yaml").path
        try Data(file.bytes).write(to: URL(fileURLWithPath: path))
        let result = try run(try glidepathBinary(), ["check", path])
        #expect(result.status == 1, "\(file.name): exit \(result.status), \(result.errors)")
        #expect(result.errors.contains(file.expected), "\(file.name): \(result.errors)")
        #expect(result.errors.hasPrefix(path + ":"), "diagnostics start with the file's location")
        #expect(!result.errors.contains("Fatal error") && !result.errors.contains("Stack dump"))
    }

    @Test func typosGetLocatedErrorsWithHints() throws {
        let directory = try temporaryDirectory("typo")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("spec.yaml").path
        let minimal = try String(contentsOfFile: packageRoot + "/examples/minimal.yaml", encoding: .utf8)
        try Data(minimal.replacingOccurrences(of: "  namespace: prod", with: "  namspace: prod").utf8)
            .write(to: URL(fileURLWithPath: path))
        let result = try run(try glidepathBinary(), ["check", path], environment: ["NO_COLOR": "1"])
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("\(path):8:3: error: unknown key 'namspace' in Metadata [spec.unknown-key]\n"))
        #expect(result.errors.contains(" 8 |   namspace: prod\n   |   ^~~~~~~~\n"))
        #expect(result.errors.contains("note: did you mean 'namespace'?"))
        #expect(!result.errors.contains("\u{1B}["), "no colour outside a terminal")
    }

    @Test func jsonOutputIsOneDocumentForMachines() throws {
        let directory = try temporaryDirectory("json")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("spec.yaml").path
        try Data("apiVersion: glidepath.dev/v1alpha1\nkind: Migration\n".utf8).write(to: URL(fileURLWithPath: path))
        let result = try run(try glidepathBinary(), ["check", "--format", "json", path])
        #expect(result.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(json["errors"] as? Int == 2)
        let first = try #require((json["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["id"] as? String == "spec.missing-key")
        #expect((first["range"] as? [String: Any])?["line"] as? Int == 1)
    }

    @Test func usageAndIOErrorsExitWith2() throws {
        let binary = try glidepathBinary()
        #expect(try run(binary, ["check", "/nonexistent/spec.yaml"]).status == 2)
        #expect(try run(binary, ["check", "--format", "xml", "examples/minimal.yaml"], directory: packageRoot).status != 0)
        #expect(try run(binary, ["--version"]).output.hasPrefix("0."))
    }

    @Test func compileIsDeterministicAndNeverClobbersForeignFolders() throws {
        let binary = try glidepathBinary()
        let directory = try temporaryDirectory("compile")
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out").path
        let spec = "examples/orders-shipping-zone.yaml"
        #expect(try run(binary, ["compile", spec, "--out", out], directory: packageRoot).status == 0)
        let first = try readBytes(out + "/manifests/rollout.yaml")
        #expect(try run(binary, ["compile", spec, "--out", out], directory: packageRoot).status == 0)
        #expect(try readBytes(out + "/manifests/rollout.yaml") == first)

        let foreign = directory.appendingPathComponent("mine").path
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        try Data("hand-written\n".utf8).write(to: URL(fileURLWithPath: foreign + "/notes.txt"))
        let refused = try run(binary, ["compile", spec, "--out", foreign], directory: packageRoot)
        #expect(refused.status == 2)
        #expect(refused.errors.contains("was not written by glidepath"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: foreign) == ["notes.txt"])
    }

    @Test func aSpecWithErrorsWritesNothing() throws {
        let directory = try temporaryDirectory("noout")
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = directory.appendingPathComponent("spec.yaml").path
        try Data("apiVersion: glidepath.dev/v1alpha1\nkind: Migration\n".utf8).write(to: URL(fileURLWithPath: spec))
        let out = directory.appendingPathComponent("out").path
        #expect(try run(try glidepathBinary(), ["compile", spec, "--out", out]).status == 1)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func planPrintsTheTimeline() throws {
        let result = try run(try glidepathBinary(), ["plan", "examples/orders-shipping-zone.yaml"], directory: packageRoot)
        #expect(result.status == 0)
        #expect(result.output.contains("HOLD until promoted (sign-off: on-call SRE, orders lead)"))
        #expect(result.output.contains("rollout: 17m40s of pauses and analysis + 3 manual hold points"))
        #expect(result.output.contains("breach to stable (worst case): 1m50s"))
    }
}
