import Plan
import Units

/// The PromQL of every KPI, built once for the gates, the alerts and the dashboard, so all
/// three select the same series the same way: the canary's (and for ratios the stable
/// version's) told apart by the plan's canary label, or the whole service's.
struct KPIQueries {
    /// How the canary and stable versions are named in a query.
    enum Selection {
        /// `{{args.canary}}`: the AnalysisTemplate's arguments, filled by Argo Rollouts.
        case arguments
        /// `$canary`: Grafana dashboard variables.
        case variables
        /// The values themselves (a standing alert rule): the canary and stable Service names.
        case fixed(canary: String, stable: String)
    }

    let plan: CheckedPlan
    let selection: Selection

    init(plan: CheckedPlan, selection: Selection = .arguments) {
        self.plan = plan
        self.selection = selection
    }

    /// The metric's query over the canary (a custom query as the spec wrote it, its
    /// placeholders filled for the selection).
    func query(for metric: AnalysisMetric) -> String {
        expression(for: metric, scope: .canary).text
    }

    func expression(for metric: AnalysisMetric, scope: ObservabilityPlan.Alert.Scope) -> PromQL {
        let side = scope == .canary ? matchers(side: "canary") : wholeService
        switch metric.kind {
        case .errorRate:
            return errorRate(side)
        case .latency(let quantile):
            return latency(quantile, side)
        case .latencyIncrease(let quantile):
            return .binary(.divide, latency(quantile, matchers(side: "canary")), latency(quantile, matchers(side: "stable")))
        case .custom(let query):
            return .raw(filled(query.hasSuffix("\n") ? String(query.dropLast()) : query))
        }
    }

    /// The share of responses that are 5xx; traffic with no 5xx series is 0, no traffic none.
    func errorRate(_ side: [PromQL.Matcher]) -> PromQL {
        let prometheus = plan.prometheus
        let errorStatus = PromQL.Matcher(label: prometheus.statusLabel, op: .regexMatch, value: .literal("5.."))
        let errors = PromQL.call("sum", [.rate(prometheus.requestsMetric, side + [errorStatus], window: window)])
        return PromQL.ratioDefaultingToZero(errors, over: requestRate(side))
    }

    func requestRate(_ side: [PromQL.Matcher]) -> PromQL {
        .call("sum", [.rate(plan.prometheus.requestsMetric, side, window: window)])
    }

    func latency(_ quantile: Double, _ side: [PromQL.Matcher]) -> PromQL {
        .call(
            "histogram_quantile",
            [.number(quantile), .sumBy(["le"], .rate(plan.prometheus.durationMetric, side, window: window))])
    }

    var window: String { plan.analysis.window.goDuration }

    /// One version's series: the canary label, then the spec's own label matchers.
    func matchers(side: String) -> [PromQL.Matcher] {
        let value: PromQL.MatchValue =
            switch selection {
            case .arguments: .argument(side)
            case .variables: .variable(side)
            case .fixed(let canary, let stable): .literal(side == "canary" ? canary : stable)
            }
        return [PromQL.Matcher(label: plan.names.canaryLabel, op: .equal, value: value)] + extra
    }

    /// Both versions: with host routing the two Services, otherwise the one Service.
    var wholeService: [PromQL.Matcher] {
        let names = plan.names
        let label = plan.prometheus.serviceLabel
        let service =
            names.stableService == names.canaryService
            ? PromQL.Matcher(label: label, op: .equal, value: .literal(names.stableService))
            : PromQL.Matcher(label: label, op: .regexMatch, value: .literal(names.stableService + "|" + names.canaryService))
        return [service] + extra
    }

    private var extra: [PromQL.Matcher] {
        plan.prometheus.extraMatchers.map { PromQL.Matcher(label: $0.key, op: .equal, value: .literal($0.value)) }
    }

    /// A spec query's `{{args.NAME}}` placeholders for this selection.
    private func filled(_ query: String) -> String {
        let values: [String: String]
        switch selection {
        case .arguments: return query
        case .variables: values = ["canary": "$canary", "stable": "$stable", "namespace": "$namespace"]
        case .fixed(let canary, let stable): values = ["canary": canary, "stable": stable, "namespace": plan.names.namespace]
        }
        var out = query
        for (name, value) in values {
            for spelling in ["{{args.\(name)}}", "{{ args.\(name) }}"] { out = out.replacing(exactly: spelling, with: value) }
        }
        return out
    }
}
