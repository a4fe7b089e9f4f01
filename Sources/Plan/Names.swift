public import Spec

/// Every name glidepath derives (objects, Services, routes, labels, files), computed in this one
/// place so nothing else concatenates names and a rename cannot leave a reference behind.
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
    /// The Service the DestinationRule(s) apply to; with host routing there is one per side.
    public var destinationRules: [(name: String, host: String)]
    public var hosts: [String]
    public var route: String
    /// The route that carries mirrored traffic when mirroring is limited to some methods.
    public var mirroredRoute: String?
    public var stableSubset: String
    public var canarySubset: String
    public var canaryLabel: String
    public var selectorLabels: [(key: String, value: String)]
    public var containerName: String

    /// The Argo Rollouts label Istio telemetry and ServiceMonitors can carry to tell pods apart.
    public static let podTemplateHashLabel = "rollouts_pod_template_hash"

    public init(_ spec: MigrationSpec) {
        let service = spec.metadata.service.value
        let traffic = spec.traffic
        migration = spec.metadata.name.value
        namespace = spec.metadata.namespace.value
        rollout = service
        analysisTemplate = service + "-slo"
        watchTemplate = service + "-slo-watch"
        virtualService = service
        route = traffic.route
        stableSubset = "stable"
        canarySubset = "canary"
        switch traffic.routing.value {
        case .host:
            stableService = traffic.stableService?.value ?? service + "-stable"
            canaryService = traffic.canaryService?.value ?? service + "-canary"
            destinationRules = [(stableService, stableService), (canaryService, canaryService)]
            canaryLabel = spec.prometheus.canaryLabel?.value ?? spec.prometheus.serviceLabel
        case .subset:
            stableService = service
            canaryService = service
            destinationRules = [(service, service)]
            canaryLabel = spec.prometheus.canaryLabel?.value ?? Self.podTemplateHashLabel
        }
        selectsByService = canaryLabel == spec.prometheus.serviceLabel
        hosts = traffic.hosts?.map(\.value) ?? [service]
        mirroredRoute = traffic.mirror?.methods == nil ? nil : route + "-mirrored"
        selectorLabels = spec.workload.labels.isEmpty ? [("app", service)] : spec.workload.labels
        containerName = spec.workload.template?.containerName?.value ?? service
    }

    /// Whether the analysis tells canary from stable by Service name (else by pod template hash).
    public var selectsByService: Bool

    /// Files of the manifests folder, in the order kustomization lists them.
    public enum File {
        public static let rollout = "rollout.yaml"
        public static let analysisTemplate = "analysis-template.yaml"
        public static let virtualService = "virtual-service.yaml"
        public static let destinationRule = "destination-rule.yaml"
        public static let services = "services.yaml"
        public static let kustomization = "kustomization.yaml"
    }
}
