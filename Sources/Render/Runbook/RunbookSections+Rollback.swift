import Plan
import Units

/// The way back and the way out: the rollback section (stop the bleeding, make it stick, when
/// to retry, the way back from every point) and the clean-up after the soak, in the order the
/// data flow allows.
extension RollbackSection {
    init(plan: CheckedPlan, criterion: String) {
        triggers = [
            "Automatic: Argo Rollouts aborts when a gate" + (plan.analysis.background ? " or the background watch" : "") + " fails. "
                + criterion,
            "By hand: any KPI breach beyond the thresholds for longer than \(plan.objectives.errorRateFor.spoken), or the on-call's judgement. Nobody needs permission to roll back.",
        ]
        let commands = plan.commands
        // Fastest first, as every way-back list: the abort is one command that takes seconds.
        var stop = [
            RollbackAction(
                text: "Traffic back to the stable version: Argo Rollouts sets the canary's weight to 0 and scales it down.",
                commands: [ShellCommand(commands.abort)])
        ]
        if let killSwitch = plan.flags?.change(.killSwitch, to: .on) {
            stop.append(
                RollbackAction(
                    text: "Every user back on the old path: " + FlagWording.what(killSwitch)
                        + (FlagWording.edit(killSwitch, in: plan).map { "; " + $0 } ?? "") + ".",
                    commands: killSwitch.commands.map(ShellCommand.init)))
        }
        if !plan.cutover.rollbackCommands.isEmpty {
            stop.append(
                RollbackAction(
                    text: "The team's own rollback commands, from the spec:", commands: plan.cutover.rollbackCommands.map(ShellCommand.init)
                ))
        }
        stopTheBleeding = stop
        makeItStick = [
            RollbackAction(
                text: "An abort is not a rollback under GitOps: the Rollout in git still names the new version, so the next sync "
                    + "or retry goes forward again, and kubectl argo rollouts undo only makes the cluster drift from git. "
                    + WayBackWording.revert(in: plan).capitalizedFirst + ". Argo CD then syncs the old version; Argo Rollouts sees "
                    + "its stable version again and returns to it at once, without the canary steps. Do not git revert a publish "
                    + "commit: one commit can carry other migrations, and the spec would bring the change back at the next publish.",
                commands: [ShellCommand(commands.sync)]),
            RollbackAction(
                text: "After 100% the new version is the stable one: going back rolls out like any change, so promote it past "
                    + "the canary steps once it syncs.",
                commands: [ShellCommand(commands.promoteFull)]),
        ]
        retry = RollbackAction(
            text: "Retry the same version only when the cause was outside it and is fixed (a dependency outage, a gate that "
                + "judged a noisy metric, an infrastructure failure), and never once the change is reverted: retry runs the "
                + "aborted update again from the first step.",
            commands: [ShellCommand(commands.retry)])
        target = plan.cutover.rollbackTarget.spoken
        worstCase =
            "\(plan.rollout.breachToStable.spoken) (detection \(plan.rollout.detection) + abort propagation \(RolloutPlan.abortPropagation))"
        wayBack = plan.wayBack.map { point in
            WayBackView(
                at: WayBackWording.point(point.point, in: plan), steps: WayBackWording.lines(point, in: plan).map(WayBackLine.init),
                pointOfNoReturn: point.pastPointOfNoReturn)
        }
        checkpoint = Checkpoint(
            "rollback",
            [
                "The rollback commands ran at least once in rehearsal and once in production at \(plan.rollout.steps.first?.weight ?? 1)% (dry run).",
                "The way back works: in rehearsal, the spec went back to its baseline, was published, and Argo CD synced the old version.",
                plan.pointOfNoReturn == nil
                    ? "The on-call knows this migration has no point of no return."
                    : "The on-call knows the point of no return and who approves passing it.",
            ])
    }
}

extension CleanupSection {
    init(plan: CheckedPlan, contractNotBefore: String?, cleanupDue: String?) {
        var steps: [CheckItem] = []
        func add(_ text: String, _ command: Command? = nil) {
            steps.append(CheckItem(id: "cleanup-\(steps.count + 1)", text: text, command: command.map(ShellCommand.init)))
        }
        let verify = plan.data?.phase(.verify)
        add(
            "Soak for \(plan.cutover.soak.spoken) at 100%" + (plan.hasDualWrites ? " with dual writes on" : "")
                + (verify == nil ? "." : "; sample parity nightly."),
            verify?.startCommand ?? verify?.command)
        for work in plan.schedule where work.when == .afterSoak {
            switch work.action {
            case .verifyAtSoakEnd(let verify):
                add("At the end of the soak, verify parity once more, with dual writes still on.", verify.startCommand ?? verify.command)
            case .flagFreeRelease(let retiring):
                let reads = plan.stores.map { " reads \($0.new)" } ?? ""
                if let retiring {
                    add(
                        "POINT OF NO RETURN: release the version without the migration's flags through its own canary: it" + reads
                            + " and writes only \(plan.stores?.new ?? "the new store"), so from then on nothing writes \(retiring) and "
                            + "going back to it would lose every row written since. Dual writes are never turned off on the way forward: "
                            + "with them off, writes would reach only \(retiring), which nobody reads any more.")
                } else {
                    add(
                        "Release the version without the migration's flags through its own canary" + (reads.isEmpty ? "" : ": it" + reads)
                            + ". The flags stay as they are until it is at 100%.")
                }
            case .contract(let contract):
                let point = plan.pointOfNoReturn == .contract(file: contract.file)
                add(
                    "Contract: \(contract.file)" + (contractNotBefore.map { ", not before \($0)" } ?? "")
                        + (point
                            ? ". POINT OF NO RETURN: after this the old version cannot run."
                            : ": it removes only what the expand phase added, which no running version uses any more.")
                        + (contract.execution == .byPerson ? "" : " Who runs it: " + DataPhaseWording.runBy(contract, in: plan) + "."),
                    contract.startCommand)
            case .removeFlags(let keys):
                add(
                    "Delete the migration's flags from the flag system, which nothing reads any more: " + keys.joined(separator: ", ") + "."
                )
            default:
                break
            }
        }
        contractSignOff = plan.signOffPoint(.pointOfNoReturn).map { SignOff($0, in: plan) }
        add("Scale down the old infrastructure; right-size the new autoscaling from the observed p95 and p99.")
        add("Blameless review, even if all went well: write down what went right by luck, and add a chaos test for it.")
        self.steps = steps
        deadline = plan.cutover.cleanupDeadline.spoken + " after the cutover" + (cleanupDue.map { " (by \($0))" } ?? "")
        checkpoint = Checkpoint(
            "cleanup",
            [
                "No migration flags in code or in the flag system, no dangling infrastructure, and nothing reads a store that nothing writes."
            ])
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
