public import Units

/// One migration, checked: plain values and every fact the back ends need, derived once by the
/// checker. It is the only input of the manifests, the SQL, the runbook, the site, the Argo CD
/// Application and the printed plan, so two outputs can never disagree about a fact. Only the
/// checker makes one (`package` init): a plan that exists has passed every check.
public struct CheckedPlan: Sendable {
    /// Where the spec came from, as the caller chose to name it.
    public let origin: SpecOrigin
    public let migration: MigrationIdentity
    public let names: Names
    public let objectives: ServiceObjectives
    public let profile: TrafficProfile?
    public let prometheus: PrometheusPlan
    public let analysis: AnalysisPlan
    public let routing: RoutingPlan
    public let workload: WorkloadPlan
    public let rollout: RolloutPlan
    public let flags: FlagPlan?
    public let data: DataWork?
    /// Tables moved to another database, when the data plan is a move.
    public let move: MovePlan?
    /// The generated load test and its gate, when the spec asks for a rehearsal.
    public let rehearsal: RehearsalPlan?
    /// Dual writes, read flips and SQL phases in the order they happen around the canary steps,
    /// then the clean-up after the soak.
    public let schedule: [ScheduledWork]
    /// The two stores of the data plan, when it moves data from one to the other.
    public let stores: DataStores?
    /// Every event from the first publish to the last clean-up step, with the data flow after it.
    public let lifecycle: [LifecycleEvent]
    /// The step after which there is no way back, when the migration has one.
    public let pointOfNoReturn: PointOfNoReturn?
    /// How long the cutover hour takes if every gate passes.
    public let cutoverLength: CutoverLength
    /// What a person should know before the cutover (each is also a `check` warning).
    public let concerns: [Concern]
    public let cutover: CutoverPlan
    /// The commands the on-call runs against the Rollout and the Application.
    public let commands: OperatorCommands
    /// The way back from every point the rollout can stop at.
    public let wayBack: [WayBack]
    /// The alerts and the dashboard on the migration's KPIs.
    public let observability: ObservabilityPlan

    package init(
        origin: SpecOrigin, migration: MigrationIdentity, names: Names, objectives: ServiceObjectives,
        profile: TrafficProfile?, prometheus: PrometheusPlan, analysis: AnalysisPlan, routing: RoutingPlan,
        workload: WorkloadPlan, rollout: RolloutPlan, flags: FlagPlan?, data: DataWork?, move: MovePlan? = nil,
        rehearsal: RehearsalPlan? = nil,
        schedule: [ScheduledWork],
        stores: DataStores?, lifecycle: [LifecycleEvent], pointOfNoReturn: PointOfNoReturn?, cutoverLength: CutoverLength,
        concerns: [Concern], cutover: CutoverPlan, commands: OperatorCommands, wayBack: [WayBack], observability: ObservabilityPlan
    ) {
        self.move = move
        self.rehearsal = rehearsal
        self.cutoverLength = cutoverLength
        self.concerns = concerns
        self.stores = stores
        self.lifecycle = lifecycle
        self.pointOfNoReturn = pointOfNoReturn
        self.observability = observability
        self.origin = origin
        self.migration = migration
        self.names = names
        self.objectives = objectives
        self.profile = profile
        self.prometheus = prometheus
        self.analysis = analysis
        self.routing = routing
        self.workload = workload
        self.rollout = rollout
        self.flags = flags
        self.data = data
        self.schedule = schedule
        self.cutover = cutover
        self.commands = commands
        self.wayBack = wayBack
    }

    /// Whether anything writes the new store alongside the old one (a flag or a trigger).
    public var hasDualWrites: Bool {
        flags?.dualWrite != nil || !(data?.dualWriteTriggers.isEmpty ?? true)
    }
}

/// The spec a plan comes from: the path generated files, runbooks and commit trailers name
/// (chosen by the caller: as typed, relative to a site's folder, or to a repository), and the
/// SHA-256 of its bytes.
public struct SpecOrigin: Sendable, Equatable {
    public var displayPath: String
    public var digest: String

    public init(displayPath: String, digest: String) {
        self.displayPath = displayPath
        self.digest = digest
    }

    /// The file name alone, for the "generated from" line of every file.
    public var fileName: String {
        String(displayPath.split(separator: "/").last ?? "")
    }
}

public struct MigrationIdentity: Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case planned
        case inProgress = "in-progress"
        case done
    }

    public var name: String
    public var service: String
    public var namespace: String
    public var owners: [String]
    /// Markdown, for the leadership summary.
    public var summary: String?
    public var status: Status
    public var risk: String
    public var ticket: String?
    public var dashboards: [String]
    public var docs: [String]
    /// The Application in the Argo CD web UI, and the Rollout in the Argo Rollouts dashboard,
    /// when the spec gives their base URLs.
    public var argocdApplication: String?
    public var rolloutDashboard: String?

    package init(
        name: String, service: String, namespace: String, owners: [String], summary: String?, status: Status, risk: String,
        ticket: String?, dashboards: [String], docs: [String], argocdApplication: String? = nil, rolloutDashboard: String? = nil
    ) {
        self.argocdApplication = argocdApplication
        self.rolloutDashboard = rolloutDashboard
        self.name = name
        self.service = service
        self.namespace = namespace
        self.owners = owners
        self.summary = summary
        self.status = status
        self.risk = risk
        self.ticket = ticket
        self.dashboards = dashboards
        self.docs = docs
    }
}

/// The SLOs that hold during the migration, in percent units and spans.
public struct ServiceObjectives: Sendable {
    public struct Latency: Sendable {
        public var quantile: Double
        public var max: TimeSpan?
        /// Percent over the stable version.
        public var maxIncrease: Double?
        public var duration: TimeSpan

        package init(quantile: Double, max: TimeSpan?, maxIncrease: Double?, duration: TimeSpan) {
            self.quantile = quantile
            self.max = max
            self.maxIncrease = maxIncrease
            self.duration = duration
        }
    }

    public var availability: Double
    public var maxErrorRate: Double
    public var errorRateFor: TimeSpan
    /// p95, then p99, where the spec bounds them.
    public var latency: [Latency]

    package init(availability: Double, maxErrorRate: Double, errorRateFor: TimeSpan, latency: [Latency]) {
        self.availability = availability
        self.maxErrorRate = maxErrorRate
        self.errorRateFor = errorRateFor
        self.latency = latency
    }
}

public struct TrafficProfile: Sendable {
    public var peakRPS: Double
    public var writeShare: Double?
    public var longLivedConnections: Bool
    public var stickySessions: Bool

    package init(peakRPS: Double, writeShare: Double?, longLivedConnections: Bool, stickySessions: Bool) {
        self.peakRPS = peakRPS
        self.writeShare = writeShare
        self.longLivedConnections = longLivedConnections
        self.stickySessions = stickySessions
    }
}
