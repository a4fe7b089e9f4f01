import Foundation
import Plan

/// The exact PromQL the analysis gates run, as the AnalysisTemplate holds it, with the
/// condition each result must meet; for host routing also with the arguments filled in, ready
/// for the Prometheus console.
struct AnalysisQueries {
    let plan: MigrationPlan

    var all: [Query] {
        let renderer = AnalysisTemplateRenderer(context: ManifestContext(plan: plan))
        var queries = renderer.builtInMetrics().map { metric in
            Query(
                id: "query-" + metric.name, name: metric.name, purpose: purpose(metric.name),
                query: metric.query.text, condition: "passes while the result is ≤ \(PromQL.decimal(metric.bound))",
                consoleQuery: console(metric.query.text))
        }
        for metric in plan.spec.prometheus.metrics {
            var conditions: [String] = []
            if let success = metric.successCondition { conditions.append("passes while \(success)") }
            if let failure = metric.failureCondition { conditions.append("fails when \(failure)") }
            let query = metric.query.value.hasSuffix("\n") ? String(metric.query.value.dropLast()) : metric.query.value
            queries.append(Query(
                id: "query-" + metric.name.value, name: metric.name.value, purpose: "custom metric from the spec",
                query: query, condition: conditions.joined(separator: "; "), consoleQuery: console(query)))
        }
        return queries
    }

    private func purpose(_ name: String) -> String {
        switch name {
        case "error-rate": "share of the canary's responses that are 5xx"
        case let latency where latency.hasSuffix("-increase"): "canary latency divided by stable latency"
        default: "canary latency in seconds"
        }
    }

    /// Only Service names can be filled in before the rollout; pod template hashes cannot.
    private func console(_ query: String) -> String? {
        let names = plan.names
        guard names.selectsByService else { return nil }
        return query
            .replacingOccurrences(of: "{{args.canary}}", with: names.canaryService)
            .replacingOccurrences(of: "{{args.stable}}", with: names.stableService)
            .replacingOccurrences(of: "{{args.namespace}}", with: names.namespace)
    }
}
