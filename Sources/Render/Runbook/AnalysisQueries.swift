import Foundation
import Plan

/// The exact PromQL the analysis gates run, as the AnalysisTemplate holds it, with the
/// condition each result must meet and what the gate does on no data; for host routing also
/// with the arguments filled in, ready for the Prometheus console.
struct AnalysisQueries {
    let plan: CheckedPlan

    var all: [Query] {
        let builder = AnalysisQueryBuilder(plan: plan)
        return plan.analysis.metrics.map { metric in
            let query = builder.query(for: metric)
            return Query(
                id: "query-" + metric.name, name: metric.name, purpose: GateWording.purpose(metric),
                query: query, condition: GateWording.condition(metric), noData: GateWording.noData(metric),
                consoleQuery: console(query))
        }
    }

    /// Only Service names can be filled in before the rollout; pod template hashes cannot.
    private func console(_ query: String) -> String? {
        let names = plan.names
        guard names.selectsByService else { return nil }
        return
            query
            .replacingOccurrences(of: "{{args.canary}}", with: names.canaryService)
            .replacingOccurrences(of: "{{args.stable}}", with: names.stableService)
            .replacingOccurrences(of: "{{args.namespace}}", with: names.namespace)
    }
}
