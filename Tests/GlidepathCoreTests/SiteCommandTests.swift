import Foundation
import TestSupport
import Testing

/// `glidepath site` and `--templates`, end to end through the built binary.
@Suite struct SiteCommandTests {
    /// A folder of specs: the examples, copied, so a test can break or add one.
    func specFolder(in directory: URL) throws -> String {
        let specs = directory.appendingPathComponent("specs")
        try FileManager.default.createDirectory(at: specs.appendingPathComponent("team"), withIntermediateDirectories: true)
        for example in examples {
            let target = example == "minimal" ? "team/\(example).yaml" : "\(example).yaml"
            try FileManager.default.copyItem(atPath: packageRoot + "/examples/\(example).yaml", toPath: specs.path + "/" + target)
        }
        return specs.path
    }

    @Test func buildsTheSiteFromAnyFolderWithTheTemplatesInsideTheBinary() throws {
        let directory = try temporaryDirectory("site-cli")
        defer { try? FileManager.default.removeItem(at: directory) }
        let specs = try specFolder(in: directory)
        let out = directory.appendingPathComponent("site").path
        let built = try run(try glidepathBinary(), ["site", specs, "--out", out], directory: "/")
        try #require(built.status == 0, "\(built.errors)")
        for path in [
            "index.html", "assets/glidepath.css", "assets/runbook.js", "migrations/payments-api-v2/runbook.html",
            "migrations/orders-shipping-zone/sql/040-contract.sql", "migrations/orders-shipping-zone/manifests/rollout.yaml",
        ] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + path), "\(path) missing")
        }
        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(index.contains(#"<a href="migrations/orders-shipping-zone/runbook.html">"#))
        #expect(index.contains("4 migrations: 1 in progress, 3 planned."))
        #expect(!index.contains("href=\"/"), "links must be relative")

        let fresh = try run(try glidepathBinary(), ["site", specs, "--out", out, "--check"])
        #expect(fresh.status == 0, "\(fresh.errors)")
        try Data("<p>edited by hand</p>\n".utf8).write(to: URL(fileURLWithPath: out + "/index.html"))
        let stale = try run(try glidepathBinary(), ["site", specs, "--out", out, "--check"])
        #expect(stale.status == 1)
        #expect(stale.errors.contains("differs: index.html"), "\(stale.errors)")
        #expect(try String(contentsOfFile: out + "/index.html", encoding: .utf8) == "<p>edited by hand</p>\n", "--check wrote")
    }

    @Test func aSpecWithErrorsFailsTheWholeSiteWithLocatedErrors() throws {
        let directory = try temporaryDirectory("site-errors")
        defer { try? FileManager.default.removeItem(at: directory) }
        let specs = try specFolder(in: directory)
        let broken = specs + "/team/minimal.yaml"
        let text = try String(contentsOfFile: broken, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "metadata:", with: "metadata:\n  wieght: 5").utf8).write(to: URL(fileURLWithPath: broken))
        let out = directory.appendingPathComponent("site").path
        let failed = try run(try glidepathBinary(), ["site", specs, "--out", out])
        #expect(failed.status == 1)
        #expect(failed.errors.contains("team/minimal.yaml:"), "\(failed.errors)")
        #expect(failed.errors.contains("unknown key 'wieght'"))
        #expect(failed.errors.contains("site not written"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func twoSpecsNamingOneMigrationAreAnError() throws {
        let directory = try temporaryDirectory("site-duplicate")
        defer { try? FileManager.default.removeItem(at: directory) }
        let specs = try specFolder(in: directory)
        try FileManager.default.copyItem(atPath: specs + "/orders-shipping-zone.yaml", toPath: specs + "/team/copy.yaml")
        let failed = try run(try glidepathBinary(), ["site", specs, "--out", directory.appendingPathComponent("site").path])
        #expect(failed.status == 1)
        #expect(failed.errors.contains("migration name 'orders-shipping-zone' is already used by"), "\(failed.errors)")
        #expect(failed.errors.contains("[check.duplicate-migration]"))
    }

    @Test func teamTemplatesReplaceTheirNamesakesAndBrokenOnesAreLocated() throws {
        let directory = try temporaryDirectory("site-templates")
        defer { try? FileManager.default.removeItem(at: directory) }
        let templates = directory.appendingPathComponent("layouts")
        try FileManager.default.createDirectory(at: templates.appendingPathComponent("assets"), withIntermediateDirectories: true)
        try Data("body { color: rebeccapurple; }\n".utf8).write(to: templates.appendingPathComponent("assets/glidepath.css"))
        let out = directory.appendingPathComponent("out").path
        let spec = packageRoot + "/examples/minimal.yaml"
        let styled = try run(try glidepathBinary(), ["compile", spec, "--out", out, "--templates", templates.path])
        try #require(styled.status == 0, "\(styled.errors)")
        #expect(try String(contentsOfFile: out + "/assets/glidepath.css", encoding: .utf8) == "body { color: rebeccapurple; }\n")
        #expect(try String(contentsOfFile: out + "/runbook.html", encoding: .utf8).contains("<h2>5. Cutover procedure</h2>"))

        try Data("<main>\n  {{#steps}}\n".utf8).write(to: templates.appendingPathComponent("runbook.mustache"))
        let broken = try run(try glidepathBinary(), ["compile", spec, "--out", out, "--templates", templates.path])
        #expect(broken.status == 2)
        #expect(broken.errors.contains(templates.path + "/runbook.mustache:"), "\(broken.errors)")
        #expect(
            try String(contentsOfFile: out + "/assets/glidepath.css", encoding: .utf8) == "body { color: rebeccapurple; }\n",
            "a failed compile left the earlier output alone")
        #expect(try run(try glidepathBinary(), ["compile", spec, "--out", out, "--templates", "/nonexistent"]).status == 2)
    }

    /// The compile folder's runbook links only to files in that folder.
    @Test(arguments: examples)
    func compiledRunbookLinksResolve(_ example: String) throws {
        let directory = try temporaryDirectory("runbook-links")
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out").path
        try #require(try run(try glidepathBinary(), ["compile", packageRoot + "/examples/\(example).yaml", "--out", out]).status == 0)
        let html = try String(contentsOfFile: out + "/runbook.html", encoding: .utf8)
        let references = html.matches(of: /(?:href|src)="([^"#][^"]*)"/).map { String($0.1) }.filter { !$0.hasPrefix("http") }
        #expect(references.count > 5)
        for reference in references {
            #expect(FileManager.default.fileExists(atPath: out + "/" + reference), "\(reference) does not resolve")
        }
    }
}
