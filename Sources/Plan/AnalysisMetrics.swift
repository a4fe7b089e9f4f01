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

        package init(success: String?, failure: String?) {
            self.success = success
            self.failure = failure
        }
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

    package init(name: String, kind: Kind, bound: Double?, written: Conditions?, gate: Conditions, watch: Conditions?, onNoData: NoData) {
        self.name = name
        self.kind = kind
        self.bound = bound
        self.written = written
        self.gate = gate
        self.watch = watch
        self.onNoData = onNoData
    }

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

    public static func guarded(_ condition: String) -> String { "\(hasData) && (\(condition))" }
    public static func guardedNegation(_ condition: String) -> String { "\(hasData) && !(\(condition))" }
}
