public import Units

/// The rehearsal, checked: the load test's scenarios at the peak rate of the traffic profile,
/// its thresholds from the SLOs and the playbook's bar, where it runs and how it gates.
public struct RehearsalPlan: Sendable {
    /// One request of the test at its own constant arrival rate.
    public struct Scenario: Sendable, Equatable {
        public var name: String
        public var method: String
        public var path: String
        public var body: String?
        /// Arrivals per minute (k6's integer rate over a minute keeps a fraction of a request per
        /// second exact enough).
        public var perMinute: Int

        package init(name: String, method: String, path: String, body: String?, perMinute: Int) {
            self.name = name
            self.method = method
            self.path = path
            self.body = body
            self.perMinute = perMinute
        }
    }

    public enum Gate: String, Sendable, Equatable {
        case beforeRollout = "before-rollout"
        case firstStep = "first-step"
        case none
    }

    /// Why the p95 threshold is what it is.
    public enum LatencyBar: Sendable, Equatable {
        /// The production baseline (`profile.p95`) plus the playbook's 10%.
        case baselinePlusTenPercent(baseline: TimeSpan)
        /// The SLO's absolute p95 bound, tighter than the baseline's bar.
        case objective
    }

    public struct Application: Sendable, Equatable {
        public var repoURL: String
        public var path: String
        public var revision: String
        public var namespace: String
        public var project: String

        package init(repoURL: String, path: String, revision: String, namespace: String, project: String) {
            self.repoURL = repoURL
            self.path = path
            self.revision = revision
            self.namespace = namespace
            self.project = project
        }
    }

    public var target: String
    public var duration: TimeSpan
    public var requestsPerSecond: Double
    public var scenarios: [Scenario]
    /// The p95 threshold, when a baseline or an SLO gives one.
    public var p95: TimeSpan?
    public var latencyBar: LatencyBar?
    /// Percent of failed requests tolerated.
    public var maxErrorRate: Double
    public var gate: Gate
    public var image: String
    public var application: Application?
    /// Starts the rehearsal Job in the cluster; runs the same script from a laptop.
    public var start: Command
    public var runLocally: Command

    package init(
        target: String, duration: TimeSpan, requestsPerSecond: Double, scenarios: [Scenario], p95: TimeSpan?, latencyBar: LatencyBar?,
        maxErrorRate: Double, gate: Gate, image: String, application: Application?, start: Command, runLocally: Command
    ) {
        self.target = target
        self.duration = duration
        self.requestsPerSecond = requestsPerSecond
        self.scenarios = scenarios
        self.p95 = p95
        self.latencyBar = latencyBar
        self.maxErrorRate = maxErrorRate
        self.gate = gate
        self.image = image
        self.application = application
        self.start = start
        self.runLocally = runLocally
    }

    /// Requests the whole test sends.
    public var expectedRequests: Int {
        scenarios.reduce(0) { $0 + Int((Double($1.perMinute) * duration.seconds / 60).rounded()) }
    }

    public static let script = "rehearsal/load-test.js"
}
