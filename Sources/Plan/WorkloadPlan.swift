/// The pods the Rollout manages (an existing Deployment it takes over, or its own template),
/// what served traffic before the migration, and which of the two the generated Rollout runs.
public struct WorkloadPlan: Sendable {
    public struct Template: Sendable {
        public var image: String
        public var port: Int
        public var cpu: String
        public var memory: String
        /// Sorted by name.
        public var env: [(key: String, value: String)]

        package init(image: String, port: Int, cpu: String, memory: String, env: [(key: String, value: String)]) {
            self.image = image
            self.port = port
            self.cpu = cpu
            self.memory = memory
            self.env = env
        }
    }

    /// What the generated Rollout runs. Argo Rollouts creates a Rollout that does not exist yet at
    /// 100% with no steps and no analysis, so the first publish must run what serves traffic
    /// already (`baseline`); the new version (`canary`) is a second, reviewable publish.
    public enum Stage: String, Sendable, Equatable {
        case baseline, canary
    }

    /// What serves the old version, and so what the baseline Rollout runs.
    public enum Baseline: Sendable, Equatable {
        /// An image the Rollout's own template runs before the version change.
        case image(String)
        /// A Deployment the Rollout takes over as it runs (`workloadRef`): the version changes in
        /// the Deployment's own manifests, never in the Rollout.
        case deployment(String)
        /// A backend outside Kubernetes: the baseline Rollout runs a bridge that forwards to it.
        case legacy(LegacyBackend)
        /// Nothing runs before it (a new service): the first sync creates it at 100%.
        case none
    }

    /// The old version's backend outside Kubernetes, reached through a ServiceEntry.
    public struct LegacyBackend: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var bridgeImage: String
        /// The old version for people (`monolith 1.9 (bare metal)`).
        public var description: String?

        package init(host: String, port: Int, bridgeImage: String, description: String?) {
            self.host = host
            self.port = port
            self.bridgeImage = bridgeImage
            self.description = description
        }
    }

    public var replicas: Int
    public var deployment: String?
    public var scaleDown: String
    /// The new version's container.
    public var template: Template?
    public var stage: Stage
    public var baseline: Baseline
    /// The image or version the migration replaces, as the spec writes it.
    public var from: String?
    /// The versions for people (`1.4.1`, `1.4.2`): the tags of the images, or as written.
    public var fromVersion: String?
    public var toVersion: String?

    package init(
        replicas: Int, deployment: String?, scaleDown: String, template: Template?, stage: Stage = .canary,
        baseline: Baseline = .none, from: String? = nil, fromVersion: String? = nil, toVersion: String? = nil
    ) {
        self.from = from
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.replicas = replicas
        self.deployment = deployment
        self.scaleDown = scaleDown
        self.template = template
        self.stage = stage
        self.baseline = baseline
    }

    /// The new version reaches users through the canary steps: the Rollout exists already, running
    /// the baseline, and its template changes. A Rollout created this way would skip them.
    public var changesVersionThroughCanary: Bool {
        guard stage == .canary else { return false }
        switch baseline {
        case .image, .legacy: return true
        case .deployment, .none: return false
        }
    }

    /// The legacy backend, when the old version runs outside Kubernetes.
    public var legacy: LegacyBackend? {
        if case .legacy(let legacy) = baseline { return legacy }
        return nil
    }

    /// The image the generated Rollout's template runs at this stage: nil when the Rollout takes
    /// over a Deployment, or when the baseline is the bridge to a legacy backend.
    public var runningImage: String? {
        guard let template else { return nil }
        switch (stage, baseline) {
        case (.baseline, .image(let image)): return image
        case (.baseline, .legacy): return nil
        default: return template.image
        }
    }

    /// Whether the Rollout runs the bridge to the legacy backend now.
    public var runsBridge: Bool { stage == .baseline && legacy != nil }
}
