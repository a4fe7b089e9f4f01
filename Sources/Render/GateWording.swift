public import Plan
import Units

/// How people read an analysis metric: what it measures, when it passes, and what it does
/// when there is no data. The runbook and `glidepath plan` both say it in these words.
public enum GateWording {
    public static func purpose(_ metric: AnalysisMetric) -> String {
        switch metric.kind {
        case .errorRate: "share of the canary's responses that are 5xx"
        case .latency(let quantile): "canary \(AnalysisMetric.quantileName(quantile)) latency in seconds"
        case .latencyIncrease(let quantile): "canary \(AnalysisMetric.quantileName(quantile)) latency divided by stable's"
        case .custom: "custom metric from the spec"
        }
    }

    /// `passes while the result is ≤ 0.003`, or the spec's own conditions.
    public static func condition(_ metric: AnalysisMetric) -> String {
        if let bound = metric.bound { return "passes while the result is ≤ \(PlainDecimal.text(bound))" }
        var parts: [String] = []
        if let success = metric.written?.success { parts.append("passes while \(success)") }
        if let failure = metric.written?.failure { parts.append("fails when \(failure)") }
        return parts.joined(separator: "; ")
    }

    /// One line: what the gate and the watch do when the series are absent, idle or NaN.
    public static func noData(_ metric: AnalysisMetric) -> String {
        switch metric.onNoData {
        case .inconclusive:
            let missing: String =
                switch metric.kind {
                case .errorRate, .latency: "no canary requests"
                case .latencyIncrease: "no canary or no stable requests"
                case .custom: "an empty or NaN result"
                }
            return "\(missing) → inconclusive: a gate pauses the rollout for a person; the watch ignores it"
        case .asConditionsSay:
            return
                "its conditions do not read result[0], so no guard applies: a gate judges an empty result as they say; the watch leaves this metric out"
        }
    }

    /// The zero-errors case in words, for the error-rate metric.
    public static let zeroErrors = "traffic with no 5xx series at all counts as a 0% error rate"
}
