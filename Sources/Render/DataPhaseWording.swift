public import Plan
import Units

/// The data plan in words: what each SQL phase does, what must be true first, how it is
/// undone, and how flag changes and dual writes are named. The SQL headers, the runbook and
/// `glidepath plan` all say it in these words.
public enum DataPhaseWording {
    public static func summary(_ phase: DataPhase, in plan: CheckedPlan) -> String {
        let backfill = plan.data?.backfill
        switch phase.kind {
        case .expand:
            return "Additive schema changes the old code ignores and the new code needs."
        case .backfill:
            guard let backfill else { return "" }
            let what =
                backfill.isInPlace
                ? "Fill \(backfill.columns.joined(separator: ", ")) of \(backfill.to) from its own rows"
                : "Copy rows of \(backfill.from) into \(backfill.to)"
            return "\(what) in batches of \(backfill.batchSize) by \(backfill.key); resumable and idempotent."
        case .validate:
            return "Validate the constraints added NOT VALID, without blocking writes."
        case .verify:
            guard let backfill else { return "" }
            return "Check parity of \(backfill.from) and \(backfill.to); fails the run when it breaks."
        case .reconcile:
            guard let backfill else { return "" }
            return backfill.isInPlace
                ? "Repair after a failed verify: recompute \(backfill.columns.joined(separator: ", ")) of every row of \(backfill.to) that differs."
                : "Repair after a failed verify: walk every key of \(backfill.from) and \(backfill.to), copy missing rows, correct rows that differ, delete rows that exist only in \(backfill.to)."
        case .contract:
            return plan.pointOfNoReturn == .contract(file: phase.file)
                ? "Remove what the old code used, after the soak: the point of no return."
                : "Remove what the expand phase added for the transition, after the soak and the release without the flags."
        case .rollbackExpand:
            let validated = plan.data?.phase(.validate) != nil
            return "Undo the expand phase (and with it the backfill\(validated ? " and validation" : ""))."
        }
    }

    public static func precondition(_ precondition: DataPhase.Precondition) -> String {
        switch precondition {
        case .rolloutNotStarted: return "traffic: 0% on the canary; the rollout has not started"
        case .flagsOff(let flags):
            return flags.isEmpty ? "flags: none involved" : "flags: " + flags.map { "\($0) off" }.joined(separator: ", ")
        case .applied(let file): return "\(file) applied"
        case .finished(let file): return "\(file) finished"
        case .nothing: return "none"
        case .dualWritesOn(let dualWrites, let target):
            return dualWritesOn(dualWrites) + (target.map { ", so rows written during the copy reach \($0)" } ?? "")
        case .dualWritesStayOn(let dualWrites): return dualWritesOn(dualWrites) + ", so nothing drifts again while it runs"
        case .verifyAgain(let flip):
            var again = ["at the end of the soak, before the release without the migration's flags"]
            if let flip { again.insert("right before reads flip at \(flip)", at: 0) }
            return "run it again " + again.joined(separator: ", and ")
        case .soaked(let soak): return "traffic: 100% on the new version for the whole soak (\(soak)) with no rollback"
        case .flagFreeRelease(let reads, let stopped):
            let what = [reads.map { "reads \($0)" }, stopped.map { "no longer writes \($0)" }].compactMap { $0 }
            return "the release without the migration's flags is at 100%"
                + (what.isEmpty ? "" : " (it " + what.joined(separator: " and ") + ")")
        case .triggerDroppedFirst: return "the dual-write trigger is dropped by this file first"
        case .verifiedAtSoakEnd(let file): return "\(file) passed at the end of the soak, with dual writes still on"
        case .pointOfNoReturn: return "POINT OF NO RETURN: after this file an application rollback finds no old schema"
        case .pastPointOfNoReturn:
            return "past the point of no return already: it removes what the old version used, which nothing runs any more"
        case .keepsTheOldVersionRunnable:
            return "not the point of no return: it removes only what the expand phase added, which the old version never used"
        case .stableOnly: return "traffic: 100% on the stable version (the rollout is aborted or undone)"
        case .notYetRun(let file): return "\(file) has not run, and nothing is past the point of no return"
        case .verifyFailed(let file): return "\(file) reported broken parity"
        case .verifyAfterwards(let file): return "then run \(file) again; it must pass before reads flip or the clean-up goes on"
        }
    }

    public static func dualWritesOn(_ dualWrites: DataPhase.DualWrites) -> String {
        switch dualWrites {
        case .trigger(let file): "dual writes on (the trigger from \(file))"
        case .flag(let flag): "dual writes on (\(flag) on for every writer)"
        case .unnamed: "dual writes on"
        }
    }

    /// Who runs a phase, and how to see it run.
    public static func runBy(_ phase: DataPhase, in plan: CheckedPlan) -> String {
        let names = plan.names
        switch phase.execution {
        case .byPerson:
            return "a person with database access runs the command below"
        case .preSyncHook:
            return "Argo CD runs it as a PreSync hook Job (\(names.dataJobPrefix)-\(phase.kind.rawValue)-…) before the sync applies "
                + "anything else, once per content of the file; a failed Job stops the sync and keeps its logs"
        case .analysisStep(let onDemand):
            return
                "Argo Rollouts runs it as the job metric of AnalysisTemplate \(names.dataTemplate(phase.kind)) at \(moment(phase, in: plan)); "
                + "a failed Job fails the analysis and aborts the rollout"
                + (onDemand.map { "; between steps, the suspended CronJob \(names.dataJob(phase.kind)) runs it: \($0.shellText)" } ?? "")
        case .startedByCommand(let command):
            return "the suspended CronJob \(names.dataJob(phase.kind)) holds it; one command starts it: \(command.shellText)"
        case .contractJob(let released):
            return released
                ? "the Job \(names.dataJob(phase.kind)) runs it: a pull request of its own released it (data.runContract), "
                    + "after the point-of-no-return sign-off"
                : "the Job \(names.dataJob(phase.kind)) holds it, suspended: a pull request of its own sets data.runContract: true "
                    + "once the point of no return is signed off (glidepath publish refuses it before; check-repo --require-sign-off "
                    + "point-of-no-return gates the pull request)"
        }
    }

    /// Where a person's psql connects, and from which folder the phase commands run.
    public static func connection(_ data: DataWork) -> String {
        if let cluster = data.runner.cluster {
            return "Jobs in the cluster run the SQL phases with the same psql command; they read the connection URI from "
                + "Secret \(cluster.secret) (key \(cluster.secretKey)) into $\(data.connectionVariable)."
        }
        return "The psql commands read the connection URI from $\(data.connectionVariable) (postgresql://HOST/"
            + (data.database ?? "DATABASE") + ", from the secret store; never pasted into a ticket) and run from the folder "
            + "that holds this runbook, with sql/ beside it."
    }

    /// "Dual writes off" means one thing everywhere: every write reaches only the old store. It is
    /// only ever a step out of the migration, once reads are back on the old store.
    public static func dualWritesOff(in plan: CheckedPlan) -> String {
        "dual writes off (every write reaches only " + (plan.stores?.old ?? "the old store") + ")"
    }

    public static func undo(_ undo: DataPhase.Undo) -> String {
        switch undo {
        case .byFile(let path): path
        case .nothingAlone(let path): "nothing to undo on its own: \(path) drops what it filled"
        case .constraintsDroppedBy(let path): "\(path) drops the constraints"
        case .readOnly: "read-only: nothing to undo"
        case .onlyRepairs(let target, let source): "nothing to undo: it only makes \(target) match \(source)"
        case .irreversible: "cannot be undone: the dropped data is gone; restore from backup only"
        case .reapply(let file): "re-apply \(file)"
        }
    }

    /// When a phase runs, for the SQL header.
    public static func when(_ phase: DataPhase, in plan: CheckedPlan) -> String {
        guard let moment = phase.moment else { return unscheduled(phase, in: plan) }
        switch moment {
        case .beforeRollout: return "before the rollout starts (before the first canary weight)"
        case .atWeight(let weight): return "at the \(weight)% canary step, before the rollout moves on"
        case .afterRollout:
            return phase.kind == .contract
                ? "after 100% and the soak period (\(plan.cutover.soak))" : "at 100%, before the soak period"
        }
    }

    /// When a phase runs, in a few words for tables (`50%`, `only to roll back`).
    public static func moment(_ phase: DataPhase, in plan: CheckedPlan) -> String {
        phase.moment.map(\.description) ?? unscheduled(phase, in: plan)
    }

    /// A file that runs only when something went wrong.
    private static func unscheduled(_ phase: DataPhase, in plan: CheckedPlan) -> String {
        guard phase.kind == .reconcile, let verify = plan.data?.phase(.verify) else { return "only to roll back" }
        return "only when \(verify.file) reports broken parity"
    }
}
