public import Plan
import Units

/// The alerts in words: their annotations, the runbook's observability section and
/// `glidepath plan` say the same thing.
public enum AlertWording {
    /// `orders-shipping-zone: the canary's 5xx rate is above 0.3%`.
    public static func summary(_ alert: ObservabilityPlan.Alert, in plan: CheckedPlan) -> String {
        "\(plan.names.migration): \(subject(alert, in: plan)) is \(breach(alert))"
    }

    /// Why it pages and what to do first.
    public static func description(_ alert: ObservabilityPlan.Alert, in plan: CheckedPlan) -> String {
        "\(subject(alert, in: plan).prefix(1).uppercased())\(subject(alert, in: plan).dropFirst()) has been \(breach(alert)) "
            + "for \(alert.duration.spoken): a rollback criterion of the migration. Stop the bleeding with "
            + "\(plan.commands.abort.shellText), then follow the runbook's rollback section."
    }

    /// `the canary's p95 latency`, `orders' 5xx rate`.
    public static func subject(_ alert: ObservabilityPlan.Alert, in plan: CheckedPlan) -> String {
        let whose = alert.scope == .canary ? "the canary's" : "the whole service's"
        switch alert.metric.kind {
        case .errorRate: return "\(whose) 5xx rate"
        case .latency(let quantile): return "\(whose) \(AnalysisMetric.quantileName(quantile)) latency"
        case .latencyIncrease(let quantile): return "the canary's \(AnalysisMetric.quantileName(quantile)) latency over stable's"
        case .custom: return "\(whose) \(alert.metric.name)"
        }
    }

    /// `above 0.3%`, `above 250ms`, `more than 15% higher`.
    public static func breach(_ alert: ObservabilityPlan.Alert) -> String {
        switch (alert.metric.kind, alert.breach) {
        case (.errorRate, .above(let bound)): return "above \(Percent.text(bound * 100))"
        case (.latency, .above(let bound)): return "above \(TimeSpan(milliseconds: Int((bound * 1000).rounded())))"
        case (.latencyIncrease, .above(let ratio)): return "more than \(Percent.text((ratio - 1) * 100)) higher"
        case (_, .above(let bound)): return "above \(PlainDecimal.text(bound))"
        case (_, .atOrAbove(let bound)): return "at or above \(PlainDecimal.text(bound))"
        case (_, .below(let bound)): return "below \(PlainDecimal.text(bound))"
        case (_, .atOrBelow(let bound)): return "at or below \(PlainDecimal.text(bound))"
        }
    }

    /// A KPI without an alert, and why.
    public static func omission(_ omission: ObservabilityPlan.Omission) -> String {
        switch omission {
        case .canaryHasNoFixedLabel(let metric):
            "\(metric): no canary alert; the canary is told apart by pod template hash, which a standing rule cannot name (the gates and the watch still judge it)"
        case .conditionNotAComparison(let metric):
            "\(metric): no alert; its condition is not one comparison of the result with a number"
        }
    }
}
