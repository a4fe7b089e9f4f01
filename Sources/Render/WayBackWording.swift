public import Plan

/// The way back in words, the same in the runbook's hold steps, its rollback section and
/// `glidepath plan`. Each step is a sentence and the commands it runs, kept apart so the
/// commands are shown as code that can be copied.
public enum WayBackWording {
    /// One step of a way back: what it does, then its commands in order.
    public struct Line: Sendable, Equatable {
        public var text: String
        public var commands: [Command]
    }

    public static func lines(_ wayBack: WayBack, in plan: CheckedPlan) -> [Line] {
        wayBack.steps.map { line($0, in: plan) }
    }

    public static func line(_ step: WayBack.Step, in plan: CheckedPlan) -> Line {
        switch step {
        case .abort(let abort):
            return Line(text: "Stop the bleeding: traffic back to the stable version (seconds).", commands: [abort])
        case .killSwitch(let change):
            return Line(text: "Every user back on the old path: " + flagChange(change, in: plan), commands: change.commands)
        case .readsBack(let change):
            return Line(
                text: "Reads back on " + (plan.stores?.old ?? "the old store") + ": " + flagChange(change, in: plan),
                commands: change.commands)
        case .revert(let sync, let skipSteps):
            var commands = [sync]
            if let skipSteps { commands.append(skipSteps) }
            return Line(
                text: "Make it stick: " + revert(in: plan) + ", then sync"
                    + (skipSteps == nil ? "." : "; the old version is no longer stable, so promote it past the canary steps."),
                commands: commands)
        case .leaveDualWrites(let change):
            return Line(
                text: "Only to leave the migration, with reads back on the old store: " + DataPhaseWording.dualWritesOff(in: plan)
                    + (FlagWording.edit(change, in: plan).map { "; " + $0 } ?? "") + ".",
                commands: change.commands)
        case .leaveSchema(let command):
            return Line(text: "Only to leave the migration, after the steps above: undo the schema change.", commands: [command])
        case .noWayBack(let point):
            let why: String =
                switch point {
                case .oldStoreRetired(let store):
                    "nothing has written \(store) since the release without the flags: going back to it would lose every row written since"
                case .contract(let file): "\(file) removed what the old version needs"
                }
            return Line(text: "There is no way back: " + why + ".", commands: [])
        case .rollForward(let sync):
            return Line(text: "Roll forward: fix the new version in the spec, publish it, then sync.", commands: [sync])
        }
    }

    /// A flag change: what it does, and the spec edit a GitOps change needs before its command.
    private static func flagChange(_ change: FlagChange, in plan: CheckedPlan) -> String {
        FlagWording.what(change) + (FlagWording.edit(change, in: plan).map { "; " + $0 } ?? "") + "."
    }

    /// How a change is made to stick under GitOps, so that no sync or retry goes forward again:
    /// always a reviewed edit that names the version going back into service.
    public static func revert(in plan: CheckedPlan) -> String {
        let spec = plan.origin.displayPath
        switch plan.workload.baseline {
        case .image(let image):
            return "set workload.stage: baseline in \(spec) (the Rollout runs \(image) again) and publish it"
        case .legacy(let legacy):
            return "set workload.stage: baseline in \(spec) (the Rollout runs the bridge to \(legacy.host) again) and publish it"
        case .deployment(let deployment):
            let image =
                plan.workload.from.map { "back to \($0)" }
                ?? "back to the image it ran before (the stable revision in \(plan.commands.get.shellText))"
            return "set the image of Deployment \(deployment) \(image) in the manifests that own it, and sync them"
        case .none:
            return "this spec names no earlier version (workload.from): publish the previous image in \(spec)"
        }
    }

    /// `at 50%`, `at 100%, during the soak`, `past the point of no return`.
    public static func point(_ point: WayBack.Point, in plan: CheckedPlan) -> String {
        switch point {
        case .weight(let weight): "at \(weight)%"
        case .fullTraffic: "at 100%, during the soak"
        case .afterPointOfNoReturn:
            switch plan.pointOfNoReturn {
            case .oldStoreRetired(let store): "after the release that stops writing \(store)"
            case .contract(let file): "after " + file
            case nil: "past the point of no return"
            }
        }
    }
}
