public import Spec

/// The way back from a point in the rollout, in the order the on-call runs it: reads back to
/// the old store, traffic back to stable, then (only to leave the migration) dual writes off
/// and the schema undone. After the contract phase there is no way back for the schema.
public struct RollbackSteps: Sendable {
    public var steps: [String]
    /// True once the contract phase has run: an application rollback finds no old schema.
    public var pastPointOfNoReturn: Bool

    public init(at moment: Moment, afterContract: Bool = false, plan: MigrationPlan) {
        let spec = plan.spec
        let flags = spec.flags
        let set = { (flag: String, value: Bool) in flags?.command(setting: flag, to: value) ?? "" }
        pastPointOfNoReturn = afterContract
        if afterContract {
            steps = [
                "the schema cannot be rolled back: 040-contract.sql removed what the old version needs",
                "roll forward: fix the new version; `kubectl argo rollouts undo \(plan.names.rollout) -n \(plan.names.namespace)` only to a revision that runs on the contracted schema",
            ]
            return
        }
        var steps: [String] = []
        if let readFlip = flags?.readFlip?.value, let flipAt = plan.dataPhases?.readFlip, flipAt <= moment {
            steps.append("reads back to the old store: " + set(readFlip, false))
        }
        if moment == .afterRollout {
            // A finished rollout has nothing to abort: going back is a new rollout of the old revision.
            steps.append("traffic back to the previous version: kubectl argo rollouts undo \(plan.names.rollout) -n \(plan.names.namespace), then kubectl argo rollouts promote --full \(plan.names.rollout) -n \(plan.names.namespace) to skip the canary steps")
        } else {
            steps.append("traffic back to stable: kubectl argo rollouts abort \(plan.names.rollout) -n \(plan.names.namespace)")
        }
        if let phases = plan.dataPhases, let rollbackFile = phases.phase(.rollbackExpand) {
            if let dualWrite = flags?.dualWrite?.value {
                steps.append("only to leave the migration: dual writes off: " + set(dualWrite, false))
            }
            steps.append("only to leave the migration, after the steps above: " + phases.command(for: rollbackFile))
        }
        self.steps = steps
    }
}

extension FeatureFlags {
    /// The spec's flag command for one flag and value, e.g. `openfeature set orders.read_from_v2=false`.
    public func command(setting flag: String, to value: Bool) -> String {
        setCommand.replacingPlaceholders(flag: flag, value: value ? "true" : "false")
    }
}

extension String {
    /// A flag command with `{flag}` and `{value}` filled in.
    func replacingPlaceholders(flag: String, value: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let tail = rest[open...]
            if tail.hasPrefix("{flag}") {
                out += flag
                rest = tail.dropFirst("{flag}".count)
            } else if tail.hasPrefix("{value}") {
                out += value
                rest = tail.dropFirst("{value}".count)
            } else {
                out += "{"
                rest = tail.dropFirst()
            }
        }
        return out + rest
    }
}
