public import Units

/// How the analysis measures: the settings of both templates and their metrics.
public struct AnalysisPlan: Sendable {
    public var interval: TimeSpan
    public var count: Int
    public var failureLimit: Int
    /// Range of the PromQL rate() windows.
    public var window: TimeSpan
    /// Whether the watch template runs in the background for the whole rollout.
    public var background: Bool
    /// The gate's own 5xx bound, when the spec sets one tighter than the SLO (percent).
    public var gateMaxErrorRate: Double?
    /// One analysis run: `count` measurements, the first at once, then one per interval.
    public var run: TimeSpan
    public var metrics: [AnalysisMetric]

    package init(
        interval: TimeSpan, count: Int, failureLimit: Int, window: TimeSpan, background: Bool, gateMaxErrorRate: Double?,
        metrics: [AnalysisMetric]
    ) {
        self.interval = interval
        self.count = count
        self.failureLimit = failureLimit
        self.window = window
        self.background = background
        self.gateMaxErrorRate = gateMaxErrorRate
        run = interval * max(0, count - 1)
        self.metrics = metrics
    }
}

/// The Prometheus the analysis queries and the names its metrics carry.
public struct PrometheusPlan: Sendable {
    public var address: String
    public var requestsMetric: String
    public var durationMetric: String
    public var serviceLabel: String
    public var statusLabel: String
    /// Extra label matchers of every query, sorted by label name.
    public var extraMatchers: [(key: String, value: String)]
    public var scrapeInterval: TimeSpan

    package init(
        address: String, requestsMetric: String, durationMetric: String, serviceLabel: String, statusLabel: String,
        extraMatchers: [(key: String, value: String)], scrapeInterval: TimeSpan
    ) {
        self.address = address
        self.requestsMetric = requestsMetric
        self.durationMetric = durationMetric
        self.serviceLabel = serviceLabel
        self.statusLabel = statusLabel
        self.extraMatchers = extraMatchers
        self.scrapeInterval = scrapeInterval
    }
}
