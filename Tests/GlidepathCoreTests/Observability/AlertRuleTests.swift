import Foundation
import GlidepathCore
import Plan
import Render
import TestSupport
import Testing

/// The generated PrometheusRule judged by Prometheus's own rule engine: `promtool check rules`
/// accepts its group, and `promtool test rules` shows each alert firing once its bound has been
/// crossed for its `for:` (and not before), and every alert silent on a healthy service with no
/// 5xx series, on a service with no series at all, and on one whose pods serve nothing.
@Suite struct AlertRuleTests {
    /// The healthy part of every scenario, in minutes; the breach starts after it.
    static let breachAt = 20
    /// Longer than any range the examples' queries read, so the window is all breach by then.
    static let settle = 10

    @Test(arguments: examples) func ruleGroupPassesPromtoolCheck(_ example: String) throws {
        let plan = try examplePlan(example)
        let alerts = try #require(plan.observability.alerts)
        let folder = try RuleFolder(plan: plan)
        defer { folder.remove() }
        let result = try run(try PrometheusServer.require("promtool"), ["check", "rules", folder.rules.path])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(result.output.contains("SUCCESS: \(alerts.alerts.count) rules found"), "\(result.output)")
    }

    @Test(arguments: examples) func eachAlertFiresAfterItsForWhenItsBoundIsCrossed(_ example: String) throws {
        let plan = try examplePlan(example)
        let alerts = try #require(plan.observability.alerts)
        try #require(!alerts.alerts.isEmpty, "\(example) has no alerts to prove")
        let folder = try RuleFolder(plan: plan)
        defer { folder.remove() }
        for alert in alerts.alerts {
            let duration = Int(alert.duration.seconds.rounded(.up))
            let series = AlertSeries(plan: plan, minutes: Self.breachAt + Self.settle + duration / 60 + 5, breachAt: Self.breachAt)
            let breachSeconds = Self.breachAt * 60
            let tests: [[String: Any]] = [
                // Pending at most: the bound has not been crossed for `for:` yet.
                ["eval_time": "\(breachSeconds + duration)s", "alertname": alert.name, "exp_alerts": [[String: Any]]()],
                [
                    "eval_time": "\(breachSeconds + Self.settle * 60 + duration + 60)s", "alertname": alert.name,
                    "exp_alerts": [Self.expected(alert, plan: plan)],
                ],
            ]
            try folder.expect(
                inputs: try Self.breach(alert, series), alertTests: tests,
                "\(example): \(alert.name) (\(AlertWording.subject(alert, in: plan)) \(AlertWording.breach(alert)))")
        }
    }

    @Test(arguments: examples) func everyAlertStaysSilentWhenHealthyAndWithoutTraffic(_ example: String) throws {
        let plan = try examplePlan(example)
        let alerts = try #require(plan.observability.alerts)
        let folder = try RuleFolder(plan: plan)
        defer { folder.remove() }
        let minutes = 60
        // Nothing breaks: the custom metrics' series stay on their healthy shape throughout.
        let series = AlertSeries(plan: plan, minutes: minutes, breachAt: minutes + 1)
        let customs = try plan.analysis.metrics.filter { if case .custom = $0.kind { true } else { false } }.flatMap(series.custom)
        var idleCanary = series.healthyCanary
        idleCanary.idle = true
        var idleStable = series.healthyStable
        idleStable.idle = true
        let scenarios: [(String, [AlertSeries.Input])] = [
            (
                "healthy, no 5xx series at all",
                series.side(canary: true, .init(before: series.healthyCanary, after: series.healthyCanary))
                    + series.side(canary: false, .init(before: series.healthyStable, after: series.healthyStable)) + customs
            ),
            ("no series at all", []),
            (
                "pods up, no requests",
                series.side(canary: true, .init(before: idleCanary, after: idleCanary))
                    + series.side(canary: false, .init(before: idleStable, after: idleStable))
            ),
            (
                "no canary traffic",
                series.side(canary: false, .init(before: series.healthyStable, after: series.healthyStable))
            ),
        ]
        for (name, inputs) in scenarios {
            let tests = alerts.alerts.flatMap { alert in
                [5, 30, minutes].map { minute -> [String: Any] in
                    ["eval_time": "\(minute)m", "alertname": alert.name, "exp_alerts": [[String: Any]]()]
                }
            }
            try folder.expect(inputs: inputs, alertTests: tests, "\(example): \(name)")
        }
    }

    /// The series of a scenario where `alert`'s bound is crossed from `breachAt` on.
    static func breach(_ alert: ObservabilityPlan.Alert, _ series: AlertSeries) throws -> [AlertSeries.Input] {
        var canary = AlertSeries.Course(before: series.healthyCanary, after: series.healthyCanary)
        var stable = AlertSeries.Course(before: series.healthyStable, after: series.healthyStable)
        let bound = try #require(alert.metric.bound ?? (alert.metric.kind.isCustom ? 0 : nil))
        var customs: [AlertSeries.Input] = []
        switch alert.metric.kind {
        case .errorRate:
            canary.after.errorShare = bound * 3
            if alert.scope == .service { stable.after.errorShare = bound * 3 }
        case .latency:
            canary.after.latency = LatencyBuckets.atLeast(bound * 2)
            if alert.scope == .service { stable.after.latency = canary.after.latency }
        case .latencyIncrease:
            canary.after.latency = LatencyBuckets.atLeast(series.healthyLatency * bound * 2)
        case .custom:
            customs = try series.custom(alert.metric)
        }
        return series.side(canary: true, canary) + series.side(canary: false, stable) + customs
    }

    /// The alert as Alertmanager would receive it: its routing labels and its fixed annotations.
    static func expected(_ alert: ObservabilityPlan.Alert, plan: CheckedPlan) -> [String: Any] {
        var labels = ["alertname": alert.name]
        for (key, value) in plan.observability.alerts?.labels ?? [] { labels[key] = value }
        var annotations = [
            "summary": AlertWording.summary(alert, in: plan), "description": AlertWording.description(alert, in: plan),
            "rollback": plan.commands.abort.shellText,
        ]
        if let runbook = plan.observability.runbookURL { annotations["runbook_url"] = runbook }
        return ["exp_labels": labels, "exp_annotations": annotations]
    }
}

extension AnalysisMetric.Kind {
    fileprivate var isCustom: Bool { if case .custom = self { true } else { false } }
}

/// A folder holding the plan's rule group as promtool reads it (`groups:` of the PrometheusRule's
/// spec) and the unit-test files run against it.
struct RuleFolder {
    let folder: URL
    var rules: URL { folder.appendingPathComponent("rules.yaml") }

    /// promtool's sample interval: the spec's scrape interval.
    let interval: String

    init(plan: CheckedPlan) throws {
        folder = try temporaryDirectory("alerts")
        interval = "\(AlertSeries(plan: plan, minutes: 0, breachAt: 0).step)s"
        let artifacts = try Glidepath.render(plan)
        let rule = try #require(artifacts.first { $0.path == "manifests/alerts.yaml" }, "no manifests/alerts.yaml")
        try Data(try Self.groups(of: rule.contents).utf8).write(to: rules)
    }

    /// The `groups:` block of the PrometheusRule's spec, moved to the top level.
    static func groups(of manifest: String) throws -> String {
        let lines = manifest.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "spec:"), "no spec: in the PrometheusRule")
        return lines[(start + 1)...].map { $0.hasPrefix("  ") ? String($0.dropFirst(2)) : String($0) }.joined(separator: "\n")
    }

    /// Writes one unit-test file and expects promtool to pass it.
    func expect(
        inputs: [AlertSeries.Input], alertTests: [[String: Any]], _ scenario: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let test: [String: Any] = [
            "rule_files": ["rules.yaml"], "evaluation_interval": "1m",
            "tests": [["interval": interval, "input_series": inputs.map(\.json), "alert_rule_test": alertTests]],
        ]
        let file = folder.appendingPathComponent("test.yaml")
        try JSONSerialization.data(withJSONObject: test, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]).write(to: file)
        let result = try run(try PrometheusServer.require("promtool"), ["test", "rules", file.path], directory: folder.path)
        #expect(result.status == 0, "\(scenario):\n\(result.output)\(result.errors)", sourceLocation: sourceLocation)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}
