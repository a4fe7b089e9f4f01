import Diagnostics
import Foundation
import GlidepathCore
import Plan
import TestSupport
import Testing
import YAML

/// The generated Grafana dashboard: shipped in a ConfigMap the Grafana sidecar discovers, one
/// panel per KPI with canary beside stable and the SLO bound drawn, the canary's share of
/// traffic against the planned weights, and every query run on Prometheus's engine.
@Suite struct DashboardTests {
    struct Output {
        let plan: CheckedPlan
        let json: [String: Any]
        let raw: String
        let configMap: YAMLNode
        let kustomization: String

        init(_ example: String) throws {
            plan = try examplePlan(example)
            let artifacts = try Glidepath.render(plan)
            func file(_ path: String) throws -> String {
                try #require(artifacts.first { $0.path == path }, "no \(path)").contents
            }
            raw = try file("dashboards/\(plan.names.migration).json")
            json = try #require(try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any])
            var diagnostics = Diagnostics()
            let source = try #require(
                SourceDecoder.decode(Array(try file("manifests/dashboard.yaml").utf8), path: "d", diagnostics: &diagnostics))
            configMap = try #require(YAMLLoader.load(source, diagnostics: &diagnostics))
            kustomization = try file("manifests/kustomization.yaml")
        }

        var panels: [[String: Any]] { json["panels"] as? [[String: Any]] ?? [] }

        func panel(_ title: String) throws -> [String: Any] {
            try #require(panels.first { $0["title"] as? String == title }, "no panel '\(title)'")
        }

        func expressions(_ panel: [String: Any]) -> [String] {
            (panel["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String }
        }

        func thresholds(_ panel: [String: Any]) -> [Double] {
            let defaults = (panel["fieldConfig"] as? [String: Any])?["defaults"] as? [String: Any]
            let steps = (defaults?["thresholds"] as? [String: Any])?["steps"] as? [[String: Any]] ?? []
            return steps.compactMap { $0["value"] as? Double }
        }
    }

    @Test(arguments: examples) func configMapCarriesTheDashboardForGrafanasSidecar(_ example: String) throws {
        let output = try Output(example)
        let dashboard = try #require(output.plan.observability.dashboard)
        #expect(output.configMap["kind"]?.scalar?.text == "ConfigMap")
        #expect(output.configMap["metadata"]?["name"]?.scalar?.text == dashboard.configMapName)
        #expect(output.configMap["metadata"]?["labels"]?["grafana_dashboard"]?.scalar?.text == "1")
        // The sidecar writes each data key to a file Grafana loads: the key is the file name,
        // the value the very JSON written beside the manifests for teams that import by hand.
        #expect(output.configMap["data"]?["\(output.plan.names.migration).json"]?.scalar?.text == output.raw)
        #expect(output.json["uid"] as? String == dashboard.uid)
        #expect((output.json["uid"] as? String)?.count ?? 99 <= 40)
        #expect((output.json["schemaVersion"] as? Int) ?? 0 >= 39)
        #expect(output.json["id"] == nil, "an id would make Grafana overwrite another dashboard")
        #expect(output.kustomization.contains("- dashboard.yaml") && output.kustomization.contains("- alerts.yaml"))
    }

    @Test(arguments: examples) func onePanelPerKPIWithCanaryBesideStable(_ example: String) throws {
        let output = try Output(example)
        let plan = output.plan
        let customs = plan.analysis.metrics.filter { if case .custom = $0.kind { true } else { false } }
        let titles = output.panels.compactMap { $0["title"] as? String }
        #expect(
            titles == ["Requests per second", "5xx rate", "p95 latency", "p99 latency", "Canary share of traffic"] + customs.map(\.name) + [
                "Runbook"
            ])
        for title in ["Requests per second", "5xx rate", "p95 latency", "p99 latency"] {
            let targets = try output.panel(title)["targets"] as? [[String: Any]] ?? []
            #expect(targets.compactMap { $0["legendFormat"] as? String } == ["canary", "stable"], "\(title)")
            #expect(
                targets.allSatisfy {
                    ($0["expr"] as? String)?.contains("$canary") == true || ($0["expr"] as? String)?.contains("$stable") == true
                })
        }
        let errorBound = try #require(plan.analysis.metrics.first { $0.kind == .errorRate }?.bound)
        #expect(output.thresholds(try output.panel("5xx rate")) == [errorBound])
        let p95 = plan.analysis.metrics.first { $0.kind == .latency(quantile: 0.95) }?.bound
        #expect(output.thresholds(try output.panel("p95 latency")) == (p95.map { [$0] } ?? []))
        // The planned weights, one line each, against the measured share.
        let weights = plan.rollout.steps.map { Double($0.weight) / 100 }
        #expect(output.thresholds(try output.panel("Canary share of traffic")) == weights)
        let runbook = try output.panel("Runbook")
        let content = (runbook["options"] as? [String: Any])?["content"] as? String ?? ""
        #expect(content.contains(plan.commands.abort.shellText))
        if let url = plan.observability.runbookURL { #expect(content.contains(url)) }
    }

    /// Every panel query, its variables set as Grafana sets them, evaluated by promtool over a
    /// healthy canary taking 1 request in 20 with no 5xx series at all.
    @Test(arguments: examples) func everyPanelQueryRunsOnPrometheusEngine(_ example: String) throws {
        let output = try Output(example)
        let plan = output.plan
        let series = AlertSeries(plan: plan, minutes: 30, breachAt: 31)
        let canary = series.labels(canary: true).last { $0.0 == plan.names.canaryLabel }?.1 ?? ""
        let stable = series.labels(canary: false).last { $0.0 == plan.names.canaryLabel }?.1 ?? ""
        func filled(_ expression: String) -> String {
            expression.replacingOccurrences(of: "$canary", with: canary).replacingOccurrences(of: "$stable", with: stable)
                .replacingOccurrences(of: "$namespace", with: plan.names.namespace)
        }
        let customs = try plan.analysis.metrics.filter { if case .custom = $0.kind { true } else { false } }.flatMap(series.custom)
        let inputs =
            series.side(canary: true, .init(before: series.healthyCanary, after: series.healthyCanary))
            + series.side(canary: false, .init(before: series.healthyStable, after: series.healthyStable)) + customs
        var tests: [[String: Any]] = []
        var pinned: Set<String> = []
        func expect(_ title: String, _ index: Int, _ value: Double) throws {
            let expression = try #require(
                output.expressions(try output.panel(title)).dropFirst(index).first, "\(title) has no query \(index)")
            // Rounded to a millionth on both sides: promtool compares samples exactly, and
            // rate()'s extrapolation leaves the last bit of a float to chance.
            tests.append([
                "expr": "round((\(filled(expression))) * 1e6) / 1e6", "eval_time": "20m",
                "exp_samples": [["labels": "{}", "value": (value * 1e6).rounded() / 1e6]],
            ])
            pinned.insert(filled(expression))
        }
        try expect("Requests per second", 0, series.canaryRate)
        try expect("Requests per second", 1, series.canaryRate * 19)
        try expect("5xx rate", 0, 0)
        try expect("5xx rate", 1, 0)
        try expect("Canary share of traffic", 0, 0.05)
        // The rest must parse and return one sample over the same series (promtool fails a test
        // whose expected samples differ, so latency values are pinned by the bucket they fall in).
        let healthy = series.healthyLatency
        let bucketTop = LatencyBuckets.bounds.first { $0 >= healthy } ?? 1
        let bucketBottom = LatencyBuckets.bounds.last { $0 < bucketTop } ?? 0
        for (title, quantile) in [("p95 latency", 0.95), ("p99 latency", 0.99)] {
            for index in 0..<2 {
                try expect(title, index, bucketBottom + (bucketTop - bucketBottom) * quantile)
            }
        }
        var all = output.panels.flatMap(output.expressions).map(filled)
        all = all.filter { !pinned.contains($0) }
        let folder = try temporaryDirectory("dashboard")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Queries without a pinned value (custom metrics) are checked as recording rules.
        let rules =
            "groups:\n- name: panels\n  rules:\n"
            + all.enumerated().map { index, expression in
                "  - record: panel_\(index)\n    expr: \(Self.quoted(expression))\n"
            }.joined()
        try Data(rules.utf8).write(to: folder.appendingPathComponent("rules.yaml"))
        let check = try run(try PrometheusServer.require("promtool"), ["check", "rules", folder.appendingPathComponent("rules.yaml").path])
        #expect(check.status == 0, "\(check.output)\(check.errors)")
        let test: [String: Any] = [
            "rule_files": ["rules.yaml"], "evaluation_interval": "1m",
            "tests": [["interval": "\(series.step)s", "input_series": inputs.map(\.json), "promql_expr_test": tests]],
        ]
        let file = folder.appendingPathComponent("test.yaml")
        try JSONSerialization.data(withJSONObject: test, options: [.sortedKeys, .withoutEscapingSlashes]).write(to: file)
        let result = try run(try PrometheusServer.require("promtool"), ["test", "rules", file.path], directory: folder.path)
        #expect(result.status == 0, "\(result.output)\(result.errors)")
    }

    @Test func sameSpecSameBytes() throws {
        for example in examples {
            let plan = try examplePlan(example)
            let first = try Glidepath.render(plan).filter { $0.path.hasPrefix("dashboards/") || $0.path.hasSuffix("alerts.yaml") }
            let second = try Glidepath.render(try examplePlan(example)).filter {
                $0.path.hasPrefix("dashboards/") || $0.path.hasSuffix("alerts.yaml")
            }
            #expect(first.count == 2)
            #expect(first.map(\.contents) == second.map(\.contents))
        }
    }

    @Test func theSpecCanTurnEitherOff() throws {
        let plan = try examplePlan(
            "minimal", replacing: "workload:", with: "observability: { alerts: false, dashboard: false }\nworkload:")
        let paths = try Glidepath.render(plan).map(\.path)
        #expect(!paths.contains("manifests/alerts.yaml") && !paths.contains("manifests/dashboard.yaml"))
        #expect(!paths.contains { $0.hasPrefix("dashboards/") })
        let kustomization = try #require(try Glidepath.render(plan).first { $0.path == "manifests/kustomization.yaml" }).contents
        #expect(!kustomization.contains("alerts.yaml") && !kustomization.contains("dashboard.yaml"))
    }

    @Test func labelsRouteTheAlertsAndFindTheDashboard() throws {
        let plan = try examplePlan(
            "minimal", replacing: "workload:",
            with:
                "observability: { alertLabels: { pager: payments-oncall }, ruleLabels: { release: prom }, dashboardLabels: { dash: \"yes\" } }\nworkload:"
        )
        let artifacts = try Glidepath.render(plan)
        let rule = try #require(artifacts.first { $0.path == "manifests/alerts.yaml" }).contents
        #expect(rule.contains("    release: prom\n"))
        #expect(rule.contains("        pager: payments-oncall\n"))
        let configMap = try #require(artifacts.first { $0.path == "manifests/dashboard.yaml" }).contents
        #expect(configMap.contains("    dash: 'yes'\n") && !configMap.contains("grafana_dashboard"))
    }

    /// The alerts' runbook link lands on the rollback section of the page the site serves there.
    @Test func runbookLinkPointsAtTheSitesRollbackSection() throws {
        let plan = try examplePlan("orders-shipping-zone")
        let url = try #require(plan.observability.runbookURL)
        #expect(url == "https://runbooks.example.com/migrations/\(plan.names.migration)/runbook.html#rollback")
        let page = try String(contentsOfFile: packageRoot + "/site/migrations/\(plan.names.migration)/runbook.html", encoding: .utf8)
        #expect(page.contains("id=\"rollback\""))
    }

    static func quoted(_ text: String) -> String {
        "\""
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(
                of: "\n", with: "\\n")
            + "\""
    }
}
