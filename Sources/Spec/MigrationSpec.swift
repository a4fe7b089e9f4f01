public import Diagnostics
public import Units

/// The checked model of one migration spec: plain values, each field that a later check may
/// point at kept with its source range. Built from a `SpecObject` that decoded without errors.
public struct MigrationSpec: Sendable {
    public var path: String
    public var metadata: MigrationMetadata
    public var slo: ServiceObjectives
    public var profile: TrafficProfile?
    public var prometheus: PrometheusSettings
    public var traffic: TrafficPlan
    public var workload: Workload
    public var flags: FeatureFlags?
    public var data: DataPlan?
    public var rehearsal: RehearsalSettings?
    public var cutover: CutoverPlan
    public var observability: ObservabilitySettings
}

public struct ObservabilitySettings: Sendable {
    public var alerts: Bool
    public var alertLabels: [(key: String, value: String)]
    public var ruleLabels: [(key: String, value: String)]
    public var dashboard: Bool
    /// Empty means "derive `{grafana_dashboard: "1"}`".
    public var dashboardLabels: [(key: String, value: String)]
}

public struct MigrationMetadata: Sendable {
    public var name: Located<String>
    public var service: Located<String>
    public var namespace: Located<String>
    public var owners: [String]
    public var summary: String?
    public var status: String
    public var risk: String
    public var critical: Located<Bool>
    public var ticket: String?
    public var dashboards: [String]
    public var docs: [String]
    public var runbooks: String?
    public var grafana: String?
    public var argocd: String?
    public var rollouts: String?
}

public struct ServiceObjectives: Sendable {
    /// Percent units throughout: 99.9 means 99.9 %.
    public var availability: Located<Double>
    public var maxErrorRate: Located<Double>
    public var errorRateFor: TimeSpan
    public var p95: LatencyBound?
    public var p99: LatencyBound?
}

public struct LatencyBound: Sendable {
    public var quantile: Double
    public var max: Located<TimeSpan>?
    public var maxIncrease: Located<Double>?
    public var duration: TimeSpan
    public var range: SourceRange
}

public struct TrafficProfile: Sendable {
    public var peakRPS: Located<Double>
    public var writeShare: Double?
    public var p95: TimeSpan?
    public var p99: TimeSpan?
    public var longLivedConnections: Bool
    public var stickySessions: Bool
}

public struct CustomMetric: Sendable {
    public var name: Located<String>
    public var query: Located<String>
    public var successCondition: Located<String>?
    public var failureCondition: Located<String>?
}

public struct PrometheusSettings: Sendable {
    public var address: String
    public var requestsMetric: String
    public var durationMetric: String
    public var serviceLabel: String
    public var statusLabel: String
    /// Nil means "derive from the routing mode" (see `Plan`).
    public var canaryLabel: Located<String>?
    /// Extra label matchers of every query, sorted by label name.
    public var extraMatchers: [(key: String, value: Located<String>)]
    public var scrapeInterval: TimeSpan
    public var metrics: [CustomMetric]
}

public enum RoutingMode: String, Sendable {
    case host, subset
}

public struct CanaryStep: Sendable {
    public var weight: Located<Int>
    public var pause: Located<TimeSpan>?
    public var analysis: Bool
    public var range: SourceRange
}

public struct HoldPoint: Sendable {
    public var at: Located<Int>
    public var signOff: [String]
    public var note: String?
    /// How long the hold is planned to take, for the schedule.
    public var expected: TimeSpan
}

public struct AnalysisSettings: Sendable {
    public var interval: Located<TimeSpan>
    public var count: Int
    public var failureLimit: Located<Int>
    public var window: Located<TimeSpan>
    public var background: Bool
    public var maxErrorRate: Located<Double>?
    public var maxP95: Located<TimeSpan>?
    public var range: SourceRange
}

public struct MirrorPlan: Sendable {
    public var host: Located<String>
    public var port: Int?
    public var percent: Located<Double>
    public var growth: [Located<Double>]
    /// Nil means every method, writes included.
    public var methods: [String]?
    public var idempotent: Bool
    public var range: SourceRange
}

public struct ConnectionPool: Sendable {
    public var maxConnections: Int
    public var http1MaxPendingRequests: Int
    public var maxRequestsPerConnection: Int
    public var http2MaxRequests: Int?
    public var connectTimeout: TimeSpan?
}

public struct OutlierDetection: Sendable {
    public var consecutive5xxErrors: Int
    public var interval: TimeSpan
    public var baseEjectionTime: TimeSpan
    public var maxEjectionPercent: Int
    public var minHealthPercent: Int
    public var range: SourceRange
}

public struct RetryPolicy: Sendable {
    public var attempts: Located<Int>
    public var perTryTimeout: TimeSpan?
    public var retryOn: Located<String>
}

public struct TrafficPlan: Sendable {
    public var routing: Located<RoutingMode>
    public var stableService: Located<String>?
    public var canaryService: Located<String>?
    public var hosts: [Located<String>]?
    public var gateways: [String]
    public var port: Int
    public var targetPort: Int?
    public var route: String
    public var steps: [CanaryStep]
    public var holdPoints: [HoldPoint]
    public var analysis: AnalysisSettings
    public var mirror: MirrorPlan?
    public var connectionPool: ConnectionPool
    public var outlierDetection: OutlierDetection
    public var timeout: TimeSpan?
    public var retries: RetryPolicy?
    public var range: SourceRange
}

public struct PodTemplate: Sendable {
    public var image: String
    public var containerName: Located<String>?
    public var port: Int
    public var cpu: String
    public var memory: String
    public var env: [(key: String, value: String)]
}

public struct Workload: Sendable {
    public enum Stage: String, Sendable {
        case baseline, canary
    }

    public var deployment: Located<String>?
    public var template: PodTemplate?
    /// As the spec writes it; nil when the spec leaves it to the default.
    public var stage: Located<Stage>?
    public var legacy: LegacyBackend?
    public var from: Located<String>?
    public var version: Located<String>?
    public var replicas: Located<Int>
    /// Empty means "derive `{app: <service>}`".
    public var labels: [(key: String, value: String)]
    public var scaleDown: String
}

/// The old version's backend outside Kubernetes.
public struct LegacyBackend: Sendable {
    public var host: Located<String>
    public var port: Int
    public var bridgeImage: String
    public var range: SourceRange
}

/// The flag systems glidepath knows how to drive.
public enum FlagProvider: String, Sendable, CaseIterable {
    case flagd, configmap, launchdarkly, unleash, other
}

public struct FeatureFlags: Sendable {
    public var provider: Located<FlagProvider>
    /// `gitops` or `kubectl`.
    public var change: Located<String>
    /// The values in the generated object: `off`, `cohort` or `on`.
    public var state: (dualWrite: Located<String>, readFlip: Located<String>, killSwitch: Located<String>)
    public var stateRange: SourceRange?
    public var project: Located<String>?
    public var environment: Located<String>?
    public var url: Located<String>?
    public var tokenVariable: Located<String>?
    public var setCommand: Located<String>?
    public var dualWrite: Located<String>?
    public var dualWriteCohort: Located<Double>
    public var readFlip: Located<String>?
    public var killSwitch: Located<String>?
    public var range: SourceRange
}

public struct CutoverPlan: Sendable {
    public var window: String?
    public var freeze: Bool
    public var darkLaunch: Bool
    public var soak: TimeSpan
    public var cleanupDeadline: TimeSpan
    public var rollbackTarget: Located<TimeSpan>
    public var cohortWatch: TimeSpan
    public var successWatch: TimeSpan
    public var rollbackCommands: [Located<String>]
    public var range: SourceRange
}

/// The rehearsal as written.
public struct RehearsalSettings: Sendable {
    public struct Endpoint: Sendable {
        public var method: String
        public var path: Located<String>
        public var body: String?
        public var weight: Located<Double>
    }

    public struct Application: Sendable {
        public var repoURL: String
        public var path: String
        public var revision: String
        public var namespace: String
        public var project: String
    }

    public var target: Located<String>?
    public var duration: Located<TimeSpan>
    public var capacity: Located<Double>?
    public var endpoints: [Endpoint]
    public var gate: String
    public var image: String
    public var application: Application?
    public var range: SourceRange
}
