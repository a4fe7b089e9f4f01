import Plan
import Spec
import YAML

/// The AnalysisTemplates: 5xx rate and latency metrics derived from the SLOs, plus the spec's
/// own metrics. The gate template takes a fixed number of measurements and treats "no data"
/// as inconclusive (the rollout pauses for a person); the watch template runs in the background
/// for the whole rollout and fails only on data that breaks a bound.
struct AnalysisTemplateRenderer {
    let context: ManifestContext
    var spec: MigrationSpec { context.spec }

    static let arguments = ["canary", "stable", "namespace"]

    func render() throws(RenderError) -> Artifact {
        var documents = [template(context.names.analysisTemplate, gate: true)]
        if spec.traffic.analysis.background {
            documents.append(template(context.names.watchTemplate, gate: false))
        }
        return try context.file("manifests/\(Names.File.analysisTemplate)", kind: "AnalysisTemplate", documents: documents)
    }

    private func template(_ name: String, gate: Bool) -> YAMLValue {
        let args = YAMLValue.list(Self.arguments.map { .map([("name", .string($0))]) })
        let metrics = builtInMetrics().map { metric($0, gate: gate) } + spec.prometheus.metrics.map { custom($0, gate: gate) }
        return context.object(
            apiVersion: "argoproj.io/v1alpha1", kind: "AnalysisTemplate", name: name,
            spec: .map([("args", args), ("metrics", .list(metrics))]))
    }

    /// One SLO-derived metric: its query and the bound its single result must stay within.
    struct BoundMetric {
        var name: String
        var query: PromQL
        var bound: Double
    }

    func builtInMetrics() -> [BoundMetric] {
        let prometheus = spec.prometheus
        let window = spec.traffic.analysis.window.value.goDuration
        let canary = matchers(side: "canary")
        let stable = matchers(side: "stable")
        let errorStatus = PromQL.Matcher(label: prometheus.statusLabel, op: .regexMatch, value: .literal("5.."))
        let errors = PromQL.binary(
            "/",
            .call("sum", [.rate(prometheus.requestsMetric, canary + [errorStatus], window: window)]),
            .call("sum", [.rate(prometheus.requestsMetric, canary, window: window)]))
        let errorBound = (spec.traffic.analysis.maxErrorRate?.value ?? spec.slo.maxErrorRate.value) / 100
        var metrics = [BoundMetric(name: "error-rate", query: errors, bound: errorBound)]

        func quantile(_ q: Double, _ side: [PromQL.Matcher]) -> PromQL {
            .call("histogram_quantile", [.number(q), .sumBy(["le"], .rate(prometheus.durationMetric, side, window: window))])
        }
        for bound in [spec.slo.p95, spec.slo.p99].compactMap({ $0 }) {
            let label = "p\(Int((bound.quantile * 100).rounded()))"
            let gateMax = bound.quantile == 0.95 ? spec.traffic.analysis.maxP95?.value : nil
            if let max = gateMax ?? bound.max?.value {
                metrics.append(BoundMetric(name: "latency-\(label)", query: quantile(bound.quantile, canary), bound: max.seconds))
            }
            if let increase = bound.maxIncrease?.value {
                metrics.append(BoundMetric(
                    name: "latency-\(label)-increase",
                    query: .binary("/", quantile(bound.quantile, canary), quantile(bound.quantile, stable)),
                    bound: 1 + increase / 100))
            }
        }
        return metrics
    }

    private func matchers(side: String) -> [PromQL.Matcher] {
        let selector = PromQL.Matcher(label: context.names.canaryLabel, op: .equal, value: .argument(side))
        return [selector] + spec.prometheus.extraMatchers.map { PromQL.Matcher(label: $0.key, op: .equal, value: .literal($0.value)) }
    }

    private func metric(_ metric: BoundMetric, gate: Bool) -> YAMLValue {
        let bound = PromQL.decimal(metric.bound)
        let hasData = "len(result) > 0 && !isNaN(result[0])"
        return measurement(
            name: metric.name, query: metric.query.text + "\n", gate: gate,
            success: gate ? "\(hasData) && result[0] <= \(bound)" : nil,
            failure: "\(hasData) && result[0] > \(bound)")
    }

    private func custom(_ metric: CustomMetric, gate: Bool) -> YAMLValue {
        measurement(name: metric.name.value, query: metric.query.value, gate: gate,
                    success: metric.successCondition, failure: metric.failureCondition)
    }

    private func measurement(name: String, query: String, gate: Bool, success: String?, failure: String?) -> YAMLValue {
        let analysis = spec.traffic.analysis
        return .map([
            ("name", .string(name)),
            ("interval", .string(analysis.interval.value.goDuration)),
            ("count", gate ? .int(analysis.count) : nil),
            ("failureLimit", .int(analysis.failureLimit.value)),
            ("successCondition", success.map(YAMLValue.string)),
            ("failureCondition", failure.map(YAMLValue.string)),
            ("provider", .map([("prometheus", .map([
                ("address", .string(spec.prometheus.address)), ("query", .string(query)),
            ]))])),
        ])
    }
}
