import Files
import Plan
import YAML

/// The migration's alerts as a Prometheus Operator `PrometheusRule`: one group, an alert per
/// rollback criterion on the canary and on the whole service, each firing only after the SLO's
/// duration and built from the same queries as the gates, so an alert never fires because a
/// series is absent and a service with traffic and no 5xx series is healthy.
struct AlertRenderer {
    let context: ManifestContext
    var plan: CheckedPlan { context.plan }

    func render() throws(RenderError) -> Artifact? {
        guard let alerts = plan.observability.alerts else { return nil }
        let names = plan.names
        let queries = KPIQueries(plan: plan, selection: .fixed(canary: names.canaryService, stable: names.stableService))
        let rules = alerts.alerts.map { alert -> YAMLValue in
            var annotations: [(String, YAMLValue?)] = [
                ("summary", .string(AlertWording.summary(alert, in: plan))),
                ("description", .string(AlertWording.description(alert, in: plan))),
                ("rollback", .string(plan.commands.abort.shellText)),
            ]
            if let runbook = plan.observability.runbookURL { annotations.insert(("runbook_url", .string(runbook)), at: 2) }
            return .map([
                ("alert", .string(alert.name)),
                ("expr", .string(Self.expression(alert, queries: queries).text + "\n")),
                ("for", .string(alert.duration.goDuration)),
                ("labels", .mapping(alerts.labels.map { YAMLEntry($0.key, .string($0.value)) })),
                ("annotations", .map(annotations)),
            ])
        }
        var labels = context.commonLabelEntries
        for (key, value) in alerts.ruleLabels where !labels.contains(where: { $0.key == key }) {
            labels.append(YAMLEntry(key, .string(value)))
        }
        let document = YAMLValue.map([
            ("apiVersion", .string("monitoring.coreos.com/v1")),
            ("kind", .string("PrometheusRule")),
            (
                "metadata",
                .map([("name", .string(alerts.ruleName)), ("namespace", .string(names.namespace)), ("labels", .mapping(labels))])
            ),
            ("spec", .map([("groups", .list([.map([("name", .string(alerts.group)), ("rules", .list(rules))])]))])),
        ])
        return try context.file("manifests/\(Names.File.alerts)", kind: "PrometheusRule", documents: [document])
    }

    /// The KPI's query compared with its bound: PromQL comparisons drop samples that do not
    /// hold, NaN among them, so 0/0 and an empty result never fire.
    static func expression(_ alert: ObservabilityPlan.Alert, queries: KPIQueries) -> PromQL {
        let value = queries.expression(for: alert.metric, scope: alert.scope)
        let operand: PromQL =
            switch value {
            case .raw: .group(value)
            default: value
            }
        switch alert.breach {
        case .above(let bound): return .binary(.greater, operand, .number(bound))
        case .atOrAbove(let bound): return .binary(.greaterOrEqual, operand, .number(bound))
        case .below(let bound): return .binary(.less, operand, .number(bound))
        case .atOrBelow(let bound): return .binary(.lessOrEqual, operand, .number(bound))
        }
    }
}
