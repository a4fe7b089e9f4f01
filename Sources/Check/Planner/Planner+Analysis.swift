import Plan
import Spec
import Units

extension Planner {
    static func analysis(_ spec: MigrationSpec) -> AnalysisPlan {
        let settings = spec.traffic.analysis
        return AnalysisPlan(
            interval: settings.interval.value, count: settings.count, failureLimit: settings.failureLimit.value,
            window: settings.window.value, background: settings.background, gateMaxErrorRate: settings.maxErrorRate?.value,
            metrics: analysisMetrics(spec))
    }

    /// The SLO-derived metrics, then the spec's own, in the order the templates list them.
    static func analysisMetrics(_ spec: MigrationSpec) -> [AnalysisMetric] {
        let analysis = spec.traffic.analysis
        var metrics = [
            builtIn(
                name: "error-rate", kind: .errorRate,
                bound: (analysis.maxErrorRate?.value ?? spec.slo.maxErrorRate.value) / 100)
        ]
        for bound in [spec.slo.p95, spec.slo.p99].compactMap({ $0 }) {
            let label = AnalysisMetric.quantileName(bound.quantile)
            let gateMax = bound.quantile == 0.95 ? analysis.maxP95?.value : nil
            if let max = gateMax ?? bound.max?.value {
                metrics.append(builtIn(name: "latency-\(label)", kind: .latency(quantile: bound.quantile), bound: max.seconds))
            }
            if let increase = bound.maxIncrease?.value {
                metrics.append(
                    builtIn(
                        name: "latency-\(label)-increase", kind: .latencyIncrease(quantile: bound.quantile), bound: 1 + increase / 100))
            }
        }
        return metrics + spec.prometheus.metrics.map(custom)
    }

    private static func builtIn(name: String, kind: AnalysisMetric.Kind, bound: Double) -> AnalysisMetric {
        let limit = PlainDecimal.text(bound)
        let failure = "\(ConditionGuard.hasData) && result[0] > \(limit)"
        return AnalysisMetric(
            name: name, kind: kind, bound: bound, written: nil,
            gate: .init(success: "\(ConditionGuard.hasData) && result[0] <= \(limit)", failure: failure),
            watch: .init(success: nil, failure: failure), onNoData: .inconclusive)
    }

    private static func custom(_ metric: CustomMetric) -> AnalysisMetric {
        let success = metric.successCondition?.value
        let failure = metric.failureCondition?.value
        let written = AnalysisMetric.Conditions(success: success, failure: failure)
        let kind = AnalysisMetric.Kind.custom(query: metric.query.value)
        guard ConditionGuard.readsVector([success, failure].compactMap { $0 }) else {
            return AnalysisMetric(
                name: metric.name.value, kind: kind, bound: nil, written: written, gate: written, watch: nil,
                onNoData: .asConditionsSay)
        }
        // With one condition given, Argo Rollouts reads the other as its negation; written out
        // here, both are guarded, so no data is inconclusive rather than failed.
        let gateFailure = failure.map(ConditionGuard.guarded) ?? success.map(ConditionGuard.guardedNegation)
        let gateSuccess = success.map(ConditionGuard.guarded) ?? failure.map(ConditionGuard.guardedNegation)
        return AnalysisMetric(
            name: metric.name.value, kind: kind, bound: nil, written: written,
            gate: .init(success: gateSuccess, failure: gateFailure),
            watch: .init(success: nil, failure: gateFailure), onNoData: .inconclusive)
    }
}
