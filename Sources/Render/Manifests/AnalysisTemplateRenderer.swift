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
        let queries = KPIQueries(plan: context.plan)
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
