import Digest
import Foundation
import GlidepathCore
import Plan
import Render
import Spec
import TestSupport
import Testing

/// The runbook page: what it says, what it links, and that nothing from a spec becomes markup.
@Suite struct RunbookTests {
    /// The page, with the spans that keep each shell word on one line taken out, so a command
    /// reads as its text (`rawRunbook` keeps them).
    func runbook(_ plan: CheckedPlan, templates: RunbookTemplates = .builtIn) throws -> String {
        try rawRunbook(plan, templates: templates).replacing(/<span class="word">([^<]*)<\/span>/) { String($0.1) }
    }

    func rawRunbook(_ plan: CheckedPlan, templates: RunbookTemplates = .builtIn) throws -> String {
        let artifacts = try Glidepath.render(plan, templates: templates)
        return try #require(artifacts.first { $0.path == RunbookRenderer.page }).contents
    }

    /// A name never breaks at its hyphen: every shell word of a command up to 40 characters is
    /// kept on one line, in print too, and the command's text is unchanged.
    @Test func commandWordsStayOnOneLine() throws {
        let plan = try plan("orders-shipping-zone")
        let html = try rawRunbook(plan)
        #expect(
            html.contains(
                #"<span class="word">argocd</span> <span class="word">app</span> <span class="word">sync</span> <span class="word">orders-shipping-zone</span>"#
            ))
        let css = try String(contentsOfFile: packageRoot + "/templates/assets/glidepath.css", encoding: .utf8)
        #expect(css.contains(".command .word { white-space: nowrap; }"))
    }

    func hostilePlan() throws -> CheckedPlan {
        let path = packageRoot + "/Tests/RenderTests/Fixtures/hostile-runbook.yaml"
        let checked = Glidepath.check(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), path: path)
        return try #require(checked.plan, "\(checked.diagnostics.all.map(\.message))")
    }

    /// Tag names the page may contain: the template's own, libcmark's safe output and the SVG.
    static let allowedTags: Set<String> = [
        "html", "head", "meta", "link", "script", "title", "body", "header", "footer", "nav", "main", "section",
        "div", "p", "a", "span", "strong", "em", "code", "pre", "h1", "h2", "h3", "h4", "ul", "ol", "li", "dl", "dt",
        "dd", "table", "caption", "thead", "tbody", "tr", "th", "td", "input", "label", "button", "noscript",
        "figure", "figcaption", "svg", "g", "rect", "text", "path", "line", "desc", "textarea",
    ]

    @Test func hostileSpecValuesNeverBecomeMarkup() throws {
        let html = try runbook(try hostilePlan())
        let tags = Set(html.matches(of: /<\/?([a-zA-Z][a-zA-Z0-9]*)/).map { String($0.1).lowercased() })
        #expect(tags.subtracting(Self.allowedTags).isEmpty, "unexpected tags: \(tags.subtracting(Self.allowedTags))")
        #expect(html.matches(of: /<script/).count == 1, "only the runbook's own script may appear")
        #expect(html.contains(#"<script src="assets/runbook.js" defer></script>"#))
        #expect(!html.localizedCaseInsensitiveContains("javascript:"))
        #expect(!html.localizedCaseInsensitiveContains("data:text"))
        #expect(!html.contains("</style>"))
        // No event-handler attribute anywhere: `on...=` only ever appears as escaped text.
        #expect(html.matches(of: /<[^>]*\son[a-z]+\s*=/).isEmpty)
        #expect(!html.contains("'onmouseover='"), "a quote in a link ended its attribute")
        #expect(html.contains("&lt;script&gt;window.pwned=1&lt;/script&gt;"), "owners are escaped, not dropped")
        #expect(html.contains("&lt;/li&gt;&lt;/ol&gt;&lt;script&gt;window.pwned=13"), "the hold note is escaped")
        #expect(html.contains("&lt;/pre&gt;&lt;script&gt;window.pwned=16"), "rollback commands are escaped")
        // libcmark's safe mode: raw HTML replaced, unsafe link targets emptied.
        #expect(html.contains("<!-- raw HTML omitted -->"))
        #expect(html.contains(#"<a href="">a javascript link</a>"#))
    }

    @Test(arguments: examples)
    func everyGeneratedFileIsLinkedAndDigested(_ example: String) throws {
        let plan = try plan(example)
        let generated = try Glidepath.generate(plan)
        let html = try runbook(plan)
        for file in generated {
            #expect(html.contains(#"<a href="\#(file.path)">"#), "\(file.path) is not linked")
            #expect(html.contains(String(SHA256.hex(file.contents).prefix(12))), "\(file.path) has no digest")
        }
    }

    @Test(arguments: examples)
    func timelineHasOneGroupPerStepAndOneBandPerHold(_ example: String) throws {
        let spec = try exampleSpec(example)
        let html = try runbook(try plan(example))
        #expect(html.matches(of: /<g class="step" data-weight="\d+">/).count == spec.traffic.steps.count)
        #expect(html.matches(of: /<path class="hold"/).count == spec.traffic.holdPoints.count)
        let gates = spec.traffic.steps.filter(\.analysis).count
        #expect(html.matches(of: /<rect class="gate"/).count == gates)
    }

    @Test func everyHoldPointListsItsWayBackWithCommandsAsCopyableCode() throws {
        let plan = try plan("orders-shipping-zone")
        let html = try runbook(plan)
        for hold in try exampleSpec("orders-shipping-zone").traffic.holdPoints {
            let wayBack = try #require(plan.wayBack.first { $0.point == .weight(hold.at.value) })
            #expect(html.contains("<h4>at \(hold.at.value)%</h4>"))
            for line in WayBackWording.lines(wayBack, in: plan) {
                #expect(html.contains(Self.escaped(line.text)), "way back at \(hold.at.value)% misses: \(line.text)")
                for command in line.commands {
                    let code = "<pre><code>" + Self.escaped(command.shellText) + "</code></pre>"
                    #expect(html.contains(code), "way back at \(hold.at.value)%: \(command.shellText) is not copyable code")
                }
            }
        }
        #expect(html.contains(#"psql -X -v ON_ERROR_STOP=1 -d &quot;$ORDERS_DATABASE_URL&quot; -f sql/910-rollback-expand.sql"#))
        #expect(html.contains(#"<div class="wayback no-return">"#))
        #expect(html.contains("point of no return"))
    }

    @Test func leadershipSummarySaysWhatTheTemplatesDoAndTheWholeHour() throws {
        let html = try runbook(try plan("orders-shipping-zone"))
        #expect(
            html.contains(
                "Roll back if 5xx &gt; 0.3%, p95 &gt; 250ms or p95 more than 15% above stable, or checkout-success fails its condition. "
                    + "Argo Rollouts measures each over the last 45s every 20s and aborts after 2 failed measurements"
            ))
        #expect(html.contains("the background watch (they need not be in a row)"))
        #expect(
            html.contains(
                "about 1 hour 52 minutes 40 seconds: 30 minutes of dual writes for the cohort, 17 minutes 40 seconds of pauses and analysis, "
                    + "35 minutes planned at 3 hold points"))
        #expect(html.contains("(not before 2026-12-04)"), "contract date: window + rollout + 72h soak")
        #expect(html.contains("(by 2026-12-08)"), "clean-up date: window + rollout + 7d")
    }

    /// Sign-offs approve the generated files: any change to them changes the digest the page
    /// carries, and a change that leaves them alone keeps it.
    @Test func signOffDigestFollowsTheGeneratedFiles() throws {
        let original = try plan("orders-shipping-zone")
        let edited = try examplePlan("orders-shipping-zone", replacing: "count: 3, failureLimit: 1", with: "count: 4, failureLimit: 1")
        let before = try runbook(original)
        let changed = try runbook(edited)
        let digest = /data-artifacts-digest="([0-9a-f]{64})"/
        let first = try #require(before.firstMatch(of: digest)).1
        let second = try #require(changed.firstMatch(of: digest)).1
        #expect(first != second)
        let summaryOnly = try examplePlan(
            "orders-shipping-zone", replacing: "  summary: |\n", with: "  summary: |\n    A different summary changes no generated file.\n")
        #expect(try runbook(summaryOnly).firstMatch(of: digest)?.1 == first)
    }

    @Test func aTeamTemplateReplacesOnlyItsNamesake() throws {
        let plan = try plan("minimal")
        let templates = RunbookTemplates.builtIn.overriding(with: [
            (
                path: "checkpoint.mustache", contents: "<p class=\"team-checkpoint\">{{#items}}[{{text}}]{{/items}}</p>",
                origin: "team/checkpoint.mustache"
            )
        ])
        let html = try runbook(plan, templates: templates)
        #expect(html.contains(#"<p class="team-checkpoint">["#))
        #expect(html.contains("<h2>5. Cutover procedure</h2>"), "the built-in page still renders, numbered without a data plan")
    }

    @Test func aBrokenTemplateIsReportedWithItsPlace() throws {
        let templates = RunbookTemplates.builtIn.overriding(with: [
            (path: "runbook.mustache", contents: "<p>\n{{#summary}}never closed\n", origin: "team/runbook.mustache")
        ])
        #expect {
            try Glidepath.render(try plan("minimal"), templates: templates)
        } throws: { error in
            "\(error)".hasPrefix("team/runbook.mustache:") && "\(error)".contains("template error")
        }
    }

    /// The contents list every numbered heading with the same number, in page order.
    @Test(arguments: examples)
    func contentsNumbersMatchTheHeadings(_ example: String) throws {
        let html = try runbook(try plan(example))
        let headings = html.matches(of: /<section id="([a-z]+)"[^>]*>\n<h2>([^<]+)<\/h2>/).map { (String($0.1), String($0.2)) }
        let contents = html.matches(of: /<li><a href="#([a-z]+)">([^<]+)<\/a><\/li>/).map { (String($0.1), String($0.2)) }
        #expect(headings.map(\.0) == contents.map(\.0), "the contents list the sections in page order")
        for (heading, entry) in zip(headings, contents) {
            #expect(heading.1 == entry.1 || (heading.1 == "Traps that apply" && entry.1 == heading.1), "\(heading) != \(entry)")
        }
        let numbers = headings.compactMap { Int($0.1.prefix { $0.isNumber }) }
        #expect(numbers == Array(1...numbers.count), "numbered without gaps: \(numbers)")
    }

    @Test func leadershipSeesWhatChangesAndWhenInWallClockTime() throws {
        let html = try runbook(try plan("orders-shipping-zone"))
        #expect(html.contains(#"<dd class="change">orders 1.4.1 -&gt; 1.4.2</dd>"#))
        #expect(
            html.contains(
                "add orders.shipping_zone, create table orders_v2; copy orders into orders_v2; after the soak: drop orders.shipping_zone"))
        // Every watch, cohort and hold period counts: the cohort's 30m, 17m40s of steps, 10+10+15m of
        // holds, 30m at 100%.
        #expect(
            html.contains(
                #"<dd class="when">2026-12-01 14:00 UTC -&gt; about 15:52 UTC, counting the cohort&#39;s 30 minutes, 3 holds at their planned length, 30 minutes of watching at 100%; plus the backfill, whose length depends on the table</dd>"#
            ))
        #expect(html.contains(#"<a href="https://argocd.example.com/applications/orders-shipping-zone">Argo CD application</a>"#))
        #expect(html.contains(#"<a href="https://rollouts.example.com/rollouts/rollout/prod/orders">Argo Rollouts dashboard</a>"#))
        #expect(html.contains(#"<svg xmlns="http://www.w3.org/2000/svg" class="days""#), "the day-scale span beside the timeline")
        #expect(html.contains("point of no return on day 3"), "soak 72h after the rollout")
        let minimal = try runbook(try plan("minimal"))
        #expect(!minimal.contains(#"<dd class="when">"#), "no window, no wall-clock times")
    }

    /// The rollback section and every way-back list tell one story: stop the bleeding, make it
    /// stick; dual writes go off only to leave the migration.
    @Test(arguments: examples)
    func rollbackSectionAndWayBackListsAgree(_ example: String) throws {
        let plan = try plan(example)
        let html = try runbook(plan)
        let rollback = try #require(html.firstRange(of: #"<section id="rollback">"#)).lowerBound
        let section = String(html[rollback...].prefix { _ in true }.split(separator: "</section>", maxSplits: 1)[0])
        let stop = try #require(section.range(of: "<h3>1. Stop the bleeding</h3>"))
        let stick = try #require(section.range(of: "<h3>2. Make it stick</h3>"))
        let retry = try #require(section.range(of: "<h3>3. When to retry</h3>"))
        #expect(stop.lowerBound < stick.lowerBound && stick.lowerBound < retry.lowerBound)
        let stopping = String(section[stop.upperBound..<stick.lowerBound])
        #expect(stopping.contains(Self.escaped(plan.commands.abort.shellText)))
        #expect(section[retry.upperBound...].contains(Self.escaped(plan.commands.retry.shellText)))
        #expect(!section.contains("kubectl argo rollouts undo " + plan.names.rollout), "undo drifts from git: never a rollback step")
        if let killSwitch = plan.flags?.change(.killSwitch, to: .on) {
            for command in killSwitch.commands { #expect(stopping.contains(Self.escaped(command.shellText))) }
        }
        if let dualWritesOff = plan.flags?.change(.dualWrite, to: .off) {
            let how = FlagWording.edit(dualWritesOff, in: plan) ?? dualWritesOff.commands.map(\.shellText).joined()
            #expect(!stopping.contains(Self.escaped(how)), "stopping the bleeding never turns dual writes off")
        }
        for point in plan.wayBack where point.point != .afterPointOfNoReturn {
            let steps = WayBackWording.lines(point, in: plan).map(\.text)
            let leave = steps.firstIndex { $0.hasPrefix("Only to leave the migration") } ?? steps.count
            let stick = try #require(steps.firstIndex { $0.hasPrefix("Make it stick") }, "\(point.point): \(steps)")
            #expect(stick < leave, "\(point.point): the revert comes before leaving the migration")
            #expect(steps.filter { $0.contains("dual writes off") }.allSatisfy { $0.hasPrefix("Only to leave the migration") })
            // Fastest first, as in the rollback section: the one-line abort before any flag change.
            if case .weight = point.point {
                #expect(steps.first?.hasPrefix("Stop the bleeding: traffic back to the stable version") == true)
            }
        }
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}

/// The built-in templates render through Swift generated from them at build time; a team's
/// own templates go through the template engine. Both must give the same bytes for the same
/// templates, on every example, a hostile spec, and a site page with recorded sign-offs (one
/// current, one stale), which reach the branches the examples alone do not.
@Suite struct CompiledTemplateTests {
    /// The built-in set, every template "replaced" by itself: rendered by the engine.
    static let interpreted = RunbookTemplates.builtIn.overriding(
        with: RunbookTemplates.builtIn.files.filter { $0.key.hasSuffix(".mustache") }.map {
            (path: $0.key, contents: $0.value, origin: "templates/" + $0.key)
        })

    static func plans() throws -> [(name: String, plan: CheckedPlan)] {
        let hostile = packageRoot + "/Tests/RenderTests/Fixtures/hostile-runbook.yaml"
        let checked = Glidepath.check(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: hostile))), path: hostile)
        return try examples.map { ($0, try plan($0)) } + [("hostile-runbook", try #require(checked.plan))]
    }

    @Test func compiledRunbooksMatchTheEngine() throws {
        for (name, plan) in try Self.plans() {
            let compiled = try Glidepath.render(plan, templates: .builtIn)
            let engine = try Glidepath.render(plan, templates: Self.interpreted)
            let page = try #require(compiled.first { $0.path == RunbookRenderer.page })
            let expected = try #require(engine.first { $0.path == RunbookRenderer.page })
            #expect(page.contents == expected.contents, "\(name): the compiled runbook differs from the engine's")
        }
    }

    @Test func compiledSitePagesMatchTheEngine() throws {
        var migrations: [SiteRenderer.Migration] = []
        for (_, plan) in try Self.plans() {
            let generated = try Glidepath.render(plan, templates: .builtIn).filter { $0.path != RunbookRenderer.page }
            let digest = RunbookRenderer.artifactsDigest(generated)
            let records = plan.signOffPoints.enumerated().map { index, point in
                SignOffRecord(
                    migration: plan.names.migration, point: point.id.recorded, role: point.roles.first ?? "owner",
                    signer: "Signer <\(index)> & 'co'",
                    artifactsDigest: index.isMultiple(of: 2) ? digest : String(repeating: "0", count: 64),
                    commit: String(repeating: "a", count: 40), date: "2026-12-06T10:00:00Z")
            }
            migrations.append(SiteRenderer.Migration(plan: plan, generated: generated, signOffs: records))
        }
        let compiled = try SiteRenderer.render(migrations, templates: .builtIn, version: "test")
        let engine = try SiteRenderer.render(migrations, templates: Self.interpreted, version: "test")
        #expect(compiled.map(\.path) == engine.map(\.path))
        for (page, expected) in zip(compiled, engine) where page.path.hasSuffix(".html") {
            #expect(page.contents == expected.contents, "\(page.path): the compiled page differs from the engine's")
        }
        #expect(compiled.contains { $0.contents.contains("no longer applies") }, "a stale sign-off is shown")
    }
}
