import Plan
import Spec
import Units

extension Planner {
    /// An alert per rollback criterion, on the canary (where a standing rule can select it)
    /// and on the whole service, each firing after the SLO's duration; and the dashboard's
    /// identity. The queries themselves are built by the renderer from the same metrics and
    /// selectors as the gates.
    static func observability(_ spec: MigrationSpec, names: Names, analysis: AnalysisPlan) -> ObservabilityPlan {
        let settings = spec.observability
        let links = spec.metadata
        func base(_ url: String?) -> String? {
            guard var url else { return nil }
            while url.hasSuffix("/") { url.removeLast() }
            return url
        }
        let runbook = base(links.runbooks).map { "\($0)/migrations/\(names.migration)/runbook.html#rollback" }
        let alerts = settings.alerts ? alertPlan(spec, names: names, analysis: analysis) : nil
        var dashboard: ObservabilityPlan.Dashboard?
        if settings.dashboard {
            let uid = dashboardUID(names.migration)
            dashboard = ObservabilityPlan.Dashboard(
                uid: uid, title: "Migration \(names.migration): \(spec.metadata.service.value) canary and stable",
                configMapName: names.migration + "-dashboard",
                configMapLabels: settings.dashboardLabels.isEmpty ? [("grafana_dashboard", "1")] : settings.dashboardLabels,
                url: base(links.grafana).map { "\($0)/d/\(uid)" })
        }
        return ObservabilityPlan(alerts: alerts, dashboard: dashboard, runbookURL: runbook)
    }

    private static func alertPlan(_ spec: MigrationSpec, names: Names, analysis: AnalysisPlan) -> ObservabilityPlan.Alerts {
        var alerts: [ObservabilityPlan.Alert] = []
        var omitted: [ObservabilityPlan.Omission] = []
        let canarySelectable = names.selectsByService
        let latencyFor = Dictionary(
            [spec.slo.p95, spec.slo.p99].compactMap { $0 }.map { ($0.quantile, $0.duration) }, uniquingKeysWith: { first, _ in first })
        for metric in analysis.metrics {
            let label = AnalysisMetric.quantileName
            switch metric.kind {
            case .errorRate:
                let breach = ObservabilityPlan.Alert.Breach.above(metric.bound ?? 0)
                if canarySelectable {
                    alerts.append(
                        .init(
                            name: "GlidepathCanary5xxRate", scope: .canary, metric: metric, breach: breach, duration: spec.slo.errorRateFor)
                    )
                } else {
                    omitted.append(.canaryHasNoFixedLabel(metric: metric.name))
                }
                alerts.append(
                    .init(name: "GlidepathService5xxRate", scope: .service, metric: metric, breach: breach, duration: spec.slo.errorRateFor)
                )
            case .latency(let quantile):
                let duration = latencyFor[quantile] ?? spec.slo.errorRateFor
                let breach = ObservabilityPlan.Alert.Breach.above(metric.bound ?? 0)
                let q = label(quantile).uppercased()
                if canarySelectable {
                    alerts.append(
                        .init(name: "GlidepathCanary\(q)Latency", scope: .canary, metric: metric, breach: breach, duration: duration))
                } else {
                    omitted.append(.canaryHasNoFixedLabel(metric: metric.name))
                }
                alerts.append(
                    .init(name: "GlidepathService\(q)Latency", scope: .service, metric: metric, breach: breach, duration: duration))
            case .latencyIncrease(let quantile):
                guard canarySelectable else {
                    omitted.append(.canaryHasNoFixedLabel(metric: metric.name))
                    continue
                }
                alerts.append(
                    .init(
                        name: "GlidepathCanary\(label(quantile).uppercased())AboveStable", scope: .canary, metric: metric,
                        breach: .above(metric.bound ?? 0), duration: latencyFor[quantile] ?? spec.slo.errorRateFor))
            case .custom(let query):
                guard let breach = breach(of: metric.written) else {
                    omitted.append(.conditionNotAComparison(metric: metric.name))
                    continue
                }
                let readsCanary = query.contains("args.canary") || query.contains("args.stable")
                if readsCanary && !canarySelectable {
                    omitted.append(.canaryHasNoFixedLabel(metric: metric.name))
                    continue
                }
                alerts.append(
                    .init(
                        name: (readsCanary ? "GlidepathCanary" : "GlidepathService") + camelCase(metric.name),
                        scope: readsCanary ? .canary : .service,
                        metric: metric, breach: breach, duration: spec.slo.errorRateFor))
            }
        }
        var labels: [String: String] = [
            "severity": "page", "migration": names.migration, "service": spec.metadata.service.value,
        ]
        if let team = spec.metadata.owners.first { labels["team"] = team }
        for (key, value) in spec.observability.alertLabels { labels[key] = value }
        return ObservabilityPlan.Alerts(
            ruleName: names.migration + "-alerts", group: "glidepath." + names.migration, alerts: alerts, omitted: omitted,
            labels: labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, ruleLabels: spec.observability.ruleLabels)
    }

    /// A custom metric's condition as a breach of one bound: `result[0] >= 0.99` as a success
    /// condition breaks below 0.99; `result[0] > 5` as a failure condition breaks above 5. A
    /// failure condition wins when both are given; anything else is not one comparison.
    static func breach(of conditions: AnalysisMetric.Conditions?) -> ObservabilityPlan.Alert.Breach? {
        if let failure = conditions?.failure {
            guard let (op, value) = comparison(failure) else { return nil }
            switch op {
            case ">": return .above(value)
            case ">=": return .atOrAbove(value)
            case "<": return .below(value)
            case "<=": return .atOrBelow(value)
            default: return nil
            }
        }
        guard let success = conditions?.success, let (op, value) = comparison(success) else { return nil }
        switch op {
        case ">": return .atOrBelow(value)
        case ">=": return .below(value)
        case "<": return .atOrAbove(value)
        case "<=": return .above(value)
        default: return nil
        }
    }

    /// `result[0] OP NUMBER` or `result OP NUMBER`.
    private static func comparison(_ condition: String) -> (String, Double)? {
        var text = Substring(condition.trimming(" \n\t"))
        for subject in ["result[0]", "result"] where text.hasPrefix(subject) {
            text = text.dropFirst(subject.count)
            break
        }
        text = text.drop { $0 == " " }
        guard let op = [">=", "<=", ">", "<"].first(where: { text.hasPrefix($0) }) else { return nil }
        let number = text.dropFirst(op.count).trimming(" ")
        guard let value = Double(number), value.isFinite else { return nil }
        return (op, value)
    }

    /// `checkout-success` -> `CheckoutSuccess`.
    private static func camelCase(_ name: String) -> String {
        name.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }

    /// `glidepath-<name>` when it fits Grafana's 40 characters; otherwise a prefix and an FNV-1a
    /// hash of the whole name, so two long names never share a dashboard.
    static func dashboardUID(_ migration: String) -> String {
        let plain = "glidepath-" + migration
        if plain.count <= 40 { return plain }
        var hash: UInt32 = 2_166_136_261
        for byte in migration.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        let hex = String(hash, radix: 16)
        return "gp-" + migration.prefix(28) + "-" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}
