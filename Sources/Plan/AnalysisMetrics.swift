public import Spec

/// One measurement of the analysis: derived once from the SLOs, the gate settings and the
/// spec's own metrics, with the conditions the gate and the background watch evaluate and
/// what the metric does when there is no data. The AnalysisTemplates, `glidepath plan` and
/// the runbook all read it, so they cannot disagree about a gate.
public struct AnalysisMetric: Sendable {
    public enum Kind: Sendable, Equatable {
        /// The share of the canary's responses that are 5xx.
        case errorRate
        /// A latency quantile of the canary, in seconds.
        case latency(quantile: Double)
        /// A latency quantile of the canary divided by the stable version's.
        case latencyIncrease(quantile: Double)
        /// A query and conditions from the spec.
        case custom(query: String)
    }

    /// The conditions of one template; Argo Rollouts counts a measurement as inconclusive when
    /// neither holds, and as failed when only a success condition is given and it does not hold.
    public struct Conditions: Sendable, Equatable {
        public var success: String?
        public var failure: String?
    }

    /// What a measurement gives when the series it needs are absent or empty.
    public enum NoData: Sendable, Equatable {
        /// An empty or NaN result matches neither condition: the gate is inconclusive and the
        /// rollout pauses for a person; the watch, which has only a failure condition, passes.
        case inconclusive
        /// The spec's conditions do not index `result[...]`, so no guard can be put in front of
        /// them: the gate decides as they say, and the watch leaves the metric out.
        case asConditionsSay
    }

    public var name: String
    public var kind: Kind
    /// The highest passing result of a built-in metric; nil for a custom metric.
    public var bound: Double?
    /// The spec's own conditions of a custom metric, as written.
    public var written: Conditions?
    public var gate: Conditions
    /// Nil: the metric is left out of the background watch.
    public var watch: Conditions?
    public var onNoData: NoData

    /// Ratio metrics also need the stable version to have traffic.
    public var needsStableTraffic: Bool {
        if case .latencyIncrease = kind { return true }
        return false
    }

    /// `p95`, `p99`: how the runbook and the messages name a quantile.
    public static func quantileName(_ quantile: Double) -> String {
        "p\(Int((quantile * 100).rounded()))"
    }
}

/// The guard glidepath puts in front of every condition over a vector result: a result that
/// is empty (no series) or NaN (0/0, a histogram with no observations) makes neither the success
/// nor the failure condition hold.
public enum ConditionGuard {
    public static let hasData = "len(result) > 0 && !isNaN(result[0])"

    /// Whether conditions read the result as a vector (`result[0]`), so the guard applies.
    public static func readsVector(_ conditions: [String]) -> Bool {
        conditions.allSatisfy { $0.contains("result[") }
    }

    static func guarded(_ condition: String) -> String { "\(hasData) && (\(condition))" }
    static func guardedNegation(_ condition: String) -> String { "\(hasData) && !(\(condition))" }
}

extension AnalysisMetric {
    /// The SLO-derived metrics, then the spec's own, in the order the templates list them.
    static func all(_ spec: MigrationSpec) -> [AnalysisMetric] {
        let analysis = spec.traffic.analysis
        var metrics = [builtIn(name: "error-rate", kind: .errorRate,
                               bound: (analysis.maxErrorRate?.value ?? spec.slo.maxErrorRate.value) / 100)]
        for bound in [spec.slo.p95, spec.slo.p99].compactMap({ $0 }) {
            let label = quantileName(bound.quantile)
            let gateMax = bound.quantile == 0.95 ? analysis.maxP95?.value : nil
            if let max = gateMax ?? bound.max?.value {
                metrics.append(builtIn(name: "latency-\(label)", kind: .latency(quantile: bound.quantile), bound: max.seconds))
            }
            if let increase = bound.maxIncrease?.value {
                metrics.append(builtIn(
                    name: "latency-\(label)-increase", kind: .latencyIncrease(quantile: bound.quantile), bound: 1 + increase / 100))
            }
        }
        return metrics + spec.prometheus.metrics.map(custom)
    }

    private static func builtIn(name: String, kind: Kind, bound: Double) -> AnalysisMetric {
        let limit = PlainDecimal.text(bound)
        let failure = "\(ConditionGuard.hasData) && result[0] > \(limit)"
        return AnalysisMetric(
            name: name, kind: kind, bound: bound, written: nil,
            gate: Conditions(success: "\(ConditionGuard.hasData) && result[0] <= \(limit)", failure: failure),
            watch: Conditions(success: nil, failure: failure), onNoData: .inconclusive)
    }

    private static func custom(_ metric: CustomMetric) -> AnalysisMetric {
        let success = metric.successCondition?.value, failure = metric.failureCondition?.value
        let written = Conditions(success: success, failure: failure)
        let kind = Kind.custom(query: metric.query.value)
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
            gate: Conditions(success: gateSuccess, failure: gateFailure),
            watch: Conditions(success: nil, failure: gateFailure), onNoData: .inconclusive)
    }
}

/// Decimal notation without float noise (0.003, not 0.0030000000000000005), as PromQL and
/// Argo's expression language read numbers.
public enum PlainDecimal {
    public static func text(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Inf" : "+Inf") }
        guard abs(value) < 1e15 else { return String(value) }
        let rounded = (value * 1e12).rounded() / 1e12
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(rounded)
        if text.contains("e"), abs(rounded) < 1 {
            var digits = String(Int((rounded * 1e12).rounded()))
            let negative = digits.hasPrefix("-")
            if negative { digits.removeFirst() }
            digits = String(repeating: "0", count: max(0, 13 - digits.count)) + digits
            let whole = digits.dropLast(12), fraction = digits.suffix(12)
            text = (negative ? "-" : "") + whole + "." + fraction
            while text.hasSuffix("0") { text.removeLast() }
        }
        return text
    }
}
