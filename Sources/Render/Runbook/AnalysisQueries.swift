import Plan

/// The exact PromQL the analysis gates run, as the AnalysisTemplate holds it, with the
/// condition each result must meet and what the gate does on no data; for host routing also
/// with the arguments filled in, ready for the Prometheus console.
struct AnalysisQueries {
    let plan: CheckedPlan

    var all: [Query] {
        let builder = KPIQueries(plan: plan)
        // Only Service names can be filled in before the rollout; pod template hashes cannot.
        let names = plan.names
        let console =
            names.selectsByService
            ? KPIQueries(plan: plan, selection: .fixed(canary: names.canaryService, stable: names.stableService)) : nil
        return plan.analysis.metrics.map { metric in
            Query(
                id: "query-" + metric.name, name: metric.name, purpose: GateWording.purpose(metric),
                query: builder.query(for: metric), condition: GateWording.condition(metric), noData: GateWording.noData(metric),
                consoleQuery: console?.query(for: metric))
        }
    }
}
