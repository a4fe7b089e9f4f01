/// Every name glidepath derives (objects, Services, routes, labels), worked out in one place
/// by the checker, so nothing else concatenates names and a rename cannot leave a reference
/// behind.
public struct Names: Sendable {
    public var migration: String
    public var namespace: String
    public var rollout: String
    /// The gate template (a fixed number of measurements) and the background watch (runs until
    /// the rollout completes, so it has no count).
    public var analysisTemplate: String
    public var watchTemplate: String
    public var virtualService: String
    /// Host routing: the stable and canary Services. Subset routing: the one Service.
    public var stableService: String
    public var canaryService: String
    /// The DestinationRule(s) and the Service each applies to; with host routing one per side.
    public var destinationRules: [(name: String, host: String)]
    public var hosts: [String]
    public var route: String
    /// The route that carries mirrored traffic when mirroring is limited to some methods.
    public var mirroredRoute: String?
    public var stableSubset: String
    public var canarySubset: String
    /// The metrics label that tells canary from stable.
    public var canaryLabel: String
    /// Whether the analysis tells canary from stable by Service name (else by pod template hash).
    public var selectsByService: Bool
    public var selectorLabels: [(key: String, value: String)]
    public var containerName: String
    /// The generated flag object (flagd `FeatureFlag` or ConfigMap), when the flags need one.
    public var flagObject: String
    /// The start of every data Job's name: the migration's name, cut so the longest name fits a
    /// CronJob's 52 characters.
    public var dataJobPrefix: String
    /// The ServiceEntry of a legacy backend, and the ConfigMap of the bridge that forwards to it.
    public var serviceEntry: String
    public var legacyBridge: String

    /// The Argo Rollouts label Istio telemetry and ServiceMonitors can carry to tell pods apart.
    public static let podTemplateHashLabel = "rollouts_pod_template_hash"

    package init(
        migration: String, namespace: String, rollout: String, analysisTemplate: String, watchTemplate: String,
        virtualService: String, stableService: String, canaryService: String, destinationRules: [(name: String, host: String)],
        hosts: [String], route: String, mirroredRoute: String?, stableSubset: String, canarySubset: String,
        canaryLabel: String, selectsByService: Bool, selectorLabels: [(key: String, value: String)], containerName: String,
        flagObject: String, serviceEntry: String, legacyBridge: String, dataJobPrefix: String = ""
    ) {
        self.dataJobPrefix = dataJobPrefix
        self.serviceEntry = serviceEntry
        self.legacyBridge = legacyBridge
        self.migration = migration
        self.namespace = namespace
        self.rollout = rollout
        self.analysisTemplate = analysisTemplate
        self.watchTemplate = watchTemplate
        self.virtualService = virtualService
        self.stableService = stableService
        self.canaryService = canaryService
        self.destinationRules = destinationRules
        self.hosts = hosts
        self.route = route
        self.mirroredRoute = mirroredRoute
        self.stableSubset = stableSubset
        self.canarySubset = canarySubset
        self.canaryLabel = canaryLabel
        self.selectsByService = selectsByService
        self.selectorLabels = selectorLabels
        self.containerName = containerName
        self.flagObject = flagObject
    }

    /// The Job (or suspended CronJob) that runs a phase: `orders-shipping-zone-backfill`. The
    /// PreSync hook's name carries the first digits of its file's SHA-256, so Argo CD creates it
    /// once per content: a re-sync does not run the same expand again, a changed one runs.
    public func dataJob(_ kind: DataPhase.Kind, contentDigest: String? = nil) -> String {
        dataJobPrefix + "-" + kind.rawValue + (contentDigest.map { "-" + $0.prefix(8) } ?? "")
    }

    /// The rehearsal's ConfigMap (its k6 script) and suspended CronJob, and the gate's template.
    public var rehearsalJob: String { dataJobPrefix + "-rehearsal" }
    public var rehearsalTemplate: String { rollout + "-rehearsal" }
    /// The Argo CD Application of the staging copy.
    public var stagingApplication: String { migration + "-staging" }

    /// The ConfigMap holding the SQL phase files the Jobs mount.
    public var sqlConfigMap: String { dataJobPrefix + "-sql" }

    /// The AnalysisTemplate whose `job` metric runs a phase inside the rollout.
    public func dataTemplate(_ kind: DataPhase.Kind) -> String { rollout + "-data-" + kind.rawValue }

    /// Files of the manifests folder, in the order kustomization lists them.
    public enum File {
        public static let rollout = "rollout.yaml"
        public static let analysisTemplate = "analysis-template.yaml"
        public static let virtualService = "virtual-service.yaml"
        public static let destinationRule = "destination-rule.yaml"
        public static let services = "services.yaml"
        public static let flags = "flags.yaml"
        public static let serviceEntry = "service-entry.yaml"
        public static let legacyBridge = "legacy-bridge.yaml"
        public static let sql = "sql.yaml"
        public static let dataJobs = "data-jobs.yaml"
        public static let dataAnalysis = "data-analysis.yaml"
        /// The contract's Job: left out of the files' digest, because the point-of-no-return
        /// sign-off is what it waits for.
        public static let contractJob = "contract-job.yaml"
        public static let rehearsal = "rehearsal.yaml"
        public static let alerts = "alerts.yaml"
        public static let dashboard = "dashboard.yaml"
        public static let kustomization = "kustomization.yaml"
    }
}
