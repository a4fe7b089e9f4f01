import Foundation
import GlidepathCore
import TestSupport
import Testing

/// What a pull request can put in front of glidepath, class by class: each test would fail on
/// a glidepath that trusted the input.
@Suite struct HardeningTests {
    static let token = "ghp_" + String(repeating: "S3cr3t", count: 6)

    // MARK: Specs and spec folders

    /// Two links to folders that lead back up would make a naive walk endless; a link to a
    /// credentials file would be read and quoted in an error excerpt.
    @Test func specFolderWalksNeverFollowFolderLinksNorReadOutside() throws {
        let root = try temporaryDirectory("spec-folder")
        defer { try? FileManager.default.removeItem(at: root) }
        let specs = root.appendingPathComponent("specs")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: packageRoot + "/examples/minimal.yaml", toPath: specs.appendingPathComponent("minimal.yaml").path)
        try FileManager.default.createSymbolicLink(atPath: specs.appendingPathComponent("loop-here").path, withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: specs.appendingPathComponent("loop-up").path, withDestinationPath: "..")
        let credentials = root.appendingPathComponent("git-credentials")
        try Data("https://bot:\(Self.token)@github.com\n".utf8).write(to: credentials)

        let binary = try glidepathBinary()
        let walked = try run(binary, ["site", specs.path, "--out", root.appendingPathComponent("site").path])
        #expect(walked.status == 0, "loops must not be followed: \(walked.errors)")
        #expect(walked.output.contains("1 runbook"))

        try FileManager.default.createSymbolicLink(
            atPath: specs.appendingPathComponent("ci.yaml").path, withDestinationPath: credentials.path)
        let refused = try run(binary, ["site", specs.path, "--out", root.appendingPathComponent("site2").path])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("[site.outside-folder]"), "\(refused.errors)")
        #expect(!(refused.output + refused.errors).contains(Self.token))

        // Named on the command line, the link is read, but a file that is not a spec is never quoted.
        let checked = try run(binary, ["check", specs.appendingPathComponent("ci.yaml").path])
        #expect(checked.status == 1)
        #expect(checked.errors.contains("[spec.not-a-spec]"), "\(checked.errors)")
        #expect(!(checked.output + checked.errors).contains(Self.token), "\(checked.errors)")
        for file in [
            "secret.yaml": "apiVersion: v1\nkind: Secret\nstringData:\n  token: \(Self.token)\n",
            "broken.yaml": "token: [\(Self.token)\n  : :",
        ] {
            let path = root.appendingPathComponent(file.key)
            try Data(file.value.utf8).write(to: path)
            let result = try run(binary, ["check", path.path])
            #expect(result.status == 1 && !(result.output + result.errors).contains(Self.token), "\(file.key): \(result.errors)")
        }
    }

    /// A FIFO would block a plain read forever, and /dev/zero never ends.
    @Test func specPathsThatAreNotRegularFilesAreRefusedAtOnce() throws {
        let root = try temporaryDirectory("fifo")
        defer { try? FileManager.default.removeItem(at: root) }
        let fifo = root.appendingPathComponent("spec.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let binary = try glidepathBinary()
        for path in [fifo, "/dev/zero"] {
            let started = Date()
            let result = try run(binary, ["check", path])
            #expect(result.status == 2 && result.errors.contains("not a regular file"), "\(path): \(result.errors)")
            #expect(Date().timeIntervalSince(started) < 10)
        }
    }

    // MARK: Terminal and text safety

    @Test func controlAndBidiCharactersAreRejectedInValuesAndEscapedInDiagnostics() throws {
        let spec = """
            apiVersion: glidepath.dev/v1alpha1
            kind: Migration
            metadata:
              name: orders-x
              service: orders
              owners: ["team\\e[2J\\e[H"]
              "\\e[32mok\\r": 1
              summary: "deploy \\u202Eexe.txt"
            workload:
              deployment: orders
            """
        let result = Glidepath.checkCommand(paths: [try write(spec, "control.yaml")], format: .text, colors: false)
        #expect(result.exitCode == 1)
        #expect(
            !result.errors.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x0D || $0.value == 0x202E },
            "raw control or bidi characters reached the terminal: \(result.errors.debugDescription)")
        #expect(result.errors.contains("[spec.unsafe-character]"))
        #expect(result.errors.contains("U+001B") && result.errors.contains("U+202E"))
        #expect(result.errors.contains(#"unknown key '\u{1B}[32mok\u{D}'"#), "\(result.errors)")

        let trojan = "apiVersion: glidepath.dev/v1alpha1\nkind: Migration # \u{202E} } ⁦if admin⁩ ⁦ begin\n"
        let flagged = Glidepath.checkCommand(paths: [try write(trojan, "trojan.yaml")], format: .text, colors: false)
        #expect(
            flagged.exitCode == 1 && flagged.errors.contains("trojan.yaml:2:19: error") && flagged.errors.contains("[file.bidi-control]"),
            "\(flagged.errors)")
    }

    private func write(_ text: String, _ name: String) throws -> String {
        let folder = try temporaryDirectory("hardening")
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
