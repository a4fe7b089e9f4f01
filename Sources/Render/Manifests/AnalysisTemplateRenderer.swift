import Files
import Plan
import YAML

/// The AnalysisTemplates of the plan's analysis metrics. The gate template takes a fixed
/// number of measurements and treats "no data" as inconclusive (the rollout pauses for a
/// person); the watch template runs in the background for the whole rollout and fails only on
/// data that breaks a bound, never on an absent series.
struct AnalysisTemplateRenderer {
    let context: ManifestContext
    var plan: CheckedPlan { context.plan }

    static let arguments = ["canary", "stable", "namespace"]

    func render() throws(RenderError) -> Artifact {
        var documents = [template(context.names.analysisTemplate, gate: true)]
        if plan.analysis.background {
            documents.append(template(context.names.watchTemplate, gate: false))
        }
        return try context.file("manifests/\(Names.File.analysisTemplate)", kind: "AnalysisTemplate", documents: documents)
    }

    private func template(_ name: String, gate: Bool) -> YAMLValue {
        let args = YAMLValue.list(Self.arguments.map { .map([("name", .string($0))]) })
        let queries = AnalysisQueryBuilder(plan: context.plan)
        let metrics = plan.analysis.metrics.compactMap { metric -> YAMLValue? in
            guard let conditions = gate ? metric.gate : metric.watch else { return nil }
            return measurement(name: metric.name, query: queries.query(for: metric) + "\n", gate: gate, conditions: conditions)
        }
        return context.object(
            apiVersion: "argoproj.io/v1alpha1", kind: "AnalysisTemplate", name: name,
            spec: .map([("args", args), ("metrics", .list(metrics))]))
    }

    private func measurement(name: String, query: String, gate: Bool, conditions: AnalysisMetric.Conditions) -> YAMLValue {
        let analysis = plan.analysis
        return .map([
            ("name", .string(name)),
            ("interval", .string(analysis.interval.goDuration)),
            ("count", gate ? .int(analysis.count) : nil),
            ("failureLimit", .int(analysis.failureLimit)),
            ("successCondition", conditions.success.map(YAMLValue.string)),
            ("failureCondition", conditions.failure.map(YAMLValue.string)),
            (
                "provider",
                .map([
                    (
                        "prometheus",
                        .map([
                            ("address", .string(plan.prometheus.address)), ("query", .string(query)),
                        ])
                    )
                ])
            ),
        ])
    }
}

/// The PromQL of each analysis metric, as the AnalysisTemplate holds it: over the canary's
/// (and for ratios the stable version's) series, told apart by the plan's canary label.
struct AnalysisQueryBuilder {
    let plan: CheckedPlan

    func query(for metric: AnalysisMetric) -> String {
        let prometheus = plan.prometheus
        let window = plan.analysis.window.goDuration
        let canary = matchers(side: "canary")
        switch metric.kind {
        case .errorRate:
            let errorStatus = PromQL.Matcher(label: prometheus.statusLabel, op: .regexMatch, value: .literal("5.."))
            let errors = PromQL.call("sum", [.rate(prometheus.requestsMetric, canary + [errorStatus], window: window)])
            let all = PromQL.call("sum", [.rate(prometheus.requestsMetric, canary, window: window)])
            return PromQL.ratioDefaultingToZero(errors, over: all).text
        case .latency(let quantile):
            return latency(quantile, canary, window: window).text
        case .latencyIncrease(let quantile):
            return PromQL.binary(
                .divide, latency(quantile, canary, window: window),
                latency(quantile, matchers(side: "stable"), window: window)
            ).text
        case .custom(let query):
            return query.hasSuffix("\n") ? String(query.dropLast()) : query
        }
    }

    private func latency(_ quantile: Double, _ side: [PromQL.Matcher], window: String) -> PromQL {
        .call(
            "histogram_quantile",
            [
                .number(quantile), .sumBy(["le"], .rate(plan.prometheus.durationMetric, side, window: window)),
            ])
    }

    private func matchers(side: String) -> [PromQL.Matcher] {
        let selector = PromQL.Matcher(label: plan.names.canaryLabel, op: .equal, value: .argument(side))
        return [selector]
            + plan.prometheus.extraMatchers.map {
                PromQL.Matcher(label: $0.key, op: .equal, value: .literal($0.value))
            }
    }
}
