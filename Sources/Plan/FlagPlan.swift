/// The feature flags of the migration, the system that serves them, and every change the
/// cutover and the way back make, each with the exact way to make it with that system.
public struct FlagPlan: Sendable {
    /// What a flag does in the migration.
    public enum Role: String, Sendable, CaseIterable {
        case dualWrite, readFlip, killSwitch
    }

    /// A flag's value: off, on for a share of users, or on for everyone.
    public enum Value: Sendable, Equatable {
        case off
        case cohort(percent: Double)
        case on

        /// The share of users the flag is on for, 0 to 100.
        public var percent: Double {
            switch self {
            case .off: 0
            case .cohort(let percent): percent
            case .on: 100
            }
        }
    }

    /// Where the flags live and how a change reaches them.
    public enum System: Sendable, Equatable {
        /// A flag object glidepath generates beside the manifests.
        case object(FlagObject, change: ObjectChange)
        case launchDarkly(baseURL: String, project: String, environment: String, tokenVariable: String)
        case unleash(baseURL: String, project: String, environment: String, tokenVariable: String)
        /// The spec's own command template.
        case command(template: String)
    }

    /// How a change reaches a generated flag object.
    public enum ObjectChange: String, Sendable, Equatable {
        /// Edit `flags.state` in the spec, publish, and sync the object.
        case gitops
        /// `kubectl patch` the live object; the Argo CD Application ignores its flags.
        case kubectl
    }

    /// A generated flag object: the OpenFeature Operator's `FeatureFlag`, or a ConfigMap whose
    /// keys are the flags and whose values are the share of users each is on for.
    public struct FlagObject: Sendable, Equatable {
        public enum Kind: String, Sendable, Equatable {
            case featureFlag, configMap
        }

        public var kind: Kind
        public var name: String
        public var namespace: String

        package init(kind: Kind, name: String, namespace: String) {
            self.kind = kind
            self.name = name
            self.namespace = namespace
        }

        /// API group and kind, as Argo CD names resources.
        public var group: String { kind == .featureFlag ? "core.openfeature.dev" : "" }
        public var kubernetesKind: String { kind == .featureFlag ? "FeatureFlag" : "ConfigMap" }
    }

    /// One flag of the migration with the value the generated object gives it.
    public struct Flag: Sendable, Equatable {
        public var role: Role
        public var key: String
        public var initial: Value

        package init(role: Role, key: String, initial: Value) {
            self.role = role
            self.key = key
            self.initial = initial
        }
    }

    public var system: System
    /// Dual write, read flip and kill switch, in that order, where the spec names them.
    public var flags: [Flag]
    /// Percent of users dual writes start with.
    public var dualWriteCohort: Double
    /// Every change the plan makes, worked out once with its commands.
    public var changes: [FlagChange]
    /// What the flag system needs once, before the first change (Unleash: the one strategy
    /// per flag that every later change updates in place).
    public var setup: [Command]

    package init(system: System, flags: [Flag], dualWriteCohort: Double, changes: [FlagChange], setup: [Command] = []) {
        self.setup = setup
        self.system = system
        self.flags = flags
        self.dualWriteCohort = dualWriteCohort
        self.changes = changes
    }

    public func key(_ role: Role) -> String? { flags.first { $0.role == role }?.key }
    public var dualWrite: String? { key(.dualWrite) }
    public var readFlip: String? { key(.readFlip) }
    public var killSwitch: String? { key(.killSwitch) }

    /// The generated flag object, when the system has one.
    public var object: FlagObject? {
        if case .object(let object, _) = system { return object }
        return nil
    }

    /// The change that sets a flag to a value, when the plan has that flag (and, for a cohort,
    /// when the system can express one).
    public func change(_ role: Role, to value: Value) -> FlagChange? {
        changes.first { $0.role == role && $0.value == value }
    }
}

/// Setting one flag to one value, and how: the commands to run, or the spec edit to publish.
public struct FlagChange: Sendable, Equatable {
    public enum Method: Sendable, Equatable {
        case commands([Command])
        /// Set `field` to `value` in the spec, publish it (the pull request's merge does), then
        /// run `sync` so the flag object changes now rather than at the next sync.
        case specEdit(field: String, value: String, sync: Command)
    }

    public var flag: String
    public var role: FlagPlan.Role
    public var value: FlagPlan.Value
    public var method: Method

    package init(flag: String, role: FlagPlan.Role, value: FlagPlan.Value, method: Method) {
        self.flag = flag
        self.role = role
        self.value = value
        self.method = method
    }

    /// The commands to run, in order (after the spec edit, for a GitOps change).
    public var commands: [Command] {
        switch method {
        case .commands(let commands): commands
        case .specEdit(_, _, let sync): [sync]
        }
    }
}

/// A share of users as flag systems read it, computed one way for the flag object and the
/// commands that change it.
public enum FlagWeights {
    /// Basis points (1/100 of a percent), so a cohort such as 0.5% stays exact in integer weights.
    public static func basisPoints(_ percent: Double) -> Int {
        let clamped = min(max(percent.isNaN ? 0 : percent, 0), 100)
        return Int((clamped * 100).rounded())
    }

    /// A whole percentage, 0 to 100: flagd's fractional split in the form every release reads.
    public static func wholePercent(_ percent: Double) -> Int {
        Int(min(max(percent.isNaN ? 0 : percent, 0), 100).rounded())
    }

    /// `10`, `0.5`, `100`.
    public static func percentText(_ percent: Double) -> String {
        let points = basisPoints(percent)
        let whole = String(points / 100)
        let fraction = points % 100
        guard fraction != 0 else { return whole }
        let digits = fraction < 10 ? "0" + String(fraction) : String(fraction)
        return whole + "." + (digits.hasSuffix("0") ? String(digits.dropLast()) : digits)
    }
}
