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
    func runbook(_ plan: CheckedPlan, templates: RunbookTemplates = .builtIn) throws -> String {
        let artifacts = try Glidepath.render(plan, templates: templates)
        return try #require(artifacts.first { $0.path == RunbookRenderer.page }).contents
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
        "figure", "figcaption", "svg", "g", "rect", "text", "path", "line", "desc",
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
        #expect(html.matches(of: /<rect class="hold"/).count == spec.traffic.holdPoints.count)
        let gates = spec.traffic.steps.filter(\.analysis).count
        #expect(html.matches(of: /<rect class="gate"/).count == gates)
    }

    @Test func everyHoldPointListsItsWayBackAndContractIsThePointOfNoReturn() throws {
        let plan = try plan("orders-shipping-zone")
        let html = try runbook(plan)
        for hold in try exampleSpec("orders-shipping-zone").traffic.holdPoints {
            let wayBack = try #require(plan.wayBack.first { $0.point == .weight(hold.at.value) })
            #expect(html.contains("<h4>at \(hold.at.value)%</h4>"))
            for step in WayBackWording.steps(wayBack) {
                #expect(html.contains(Self.escaped(step)), "way back at \(hold.at.value)% misses: \(step)")
            }
        }
        #expect(html.contains("kubectl argo rollouts abort orders -n prod"))
        #expect(html.contains("psql -X -v ON_ERROR_STOP=1 -d app -f sql/910-rollback-expand.sql"))
        #expect(html.contains(#"<div class="wayback no-return">"#))
        #expect(html.contains("point of no return"))
    }

    @Test func leadershipSummarySaysTheRollbackCriterionInOneSentence() throws {
        let html = try runbook(try plan("orders-shipping-zone"))
        #expect(
            html.contains(
                "Roll back if 5xx &gt; 0.3% for 2 minutes, p95 &gt; 250ms or p95 more than 15% above stable for 2 minutes, or checkout-success fails its condition."
            ))
        #expect(html.contains("19 minutes of pauses and analysis, plus 3 manual hold points"))
        #expect(html.contains("(not before 2026-12-04)"), "contract date: window + rollout + 72h soak")
        #expect(html.contains("(by 2026-12-08)"), "clean-up date: window + rollout + 7d")
    }

    /// Sign-offs approve the generated files: any change to them changes the digest the page
    /// carries, and a change that leaves them alone keeps it.
    @Test func signOffDigestFollowsTheGeneratedFiles() throws {
        let original = try plan("orders-shipping-zone")
        let edited = try examplePlan("orders-shipping-zone", replacing: "count: 2, failureLimit: 1", with: "count: 3, failureLimit: 1")
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
        #expect(html.contains("<h2>6. Cutover procedure</h2>"), "the built-in page still renders")
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

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
