import Plan
import Units

/// The playbook's later phases: the data plan, the cutover hour as numbered steps with the
/// command for each, the way back from every point, and the clean-up after the soak.
extension DataSection {
    init?(plan: CheckedPlan) {
        guard let data = plan.data else { return nil }
        settings = [
            Row(label: "Engine", value: "PostgreSQL \(data.postgresVersion)" + (data.database.map { ", database \($0)" } ?? "")),
            Row(label: "Timeouts", value: "lock_timeout \(data.lockTimeout), statement_timeout \(data.statementTimeout)"),
            Row(
                label: "Reads flip",
                value: data.readFlip.map { "at \($0)" + (plan.flags?.readFlip.map { " (\($0))" } ?? "") } ?? "no read-flip flag"),
        ]
        acceptedRisks = data.acceptedRisks.map {
            AcceptedRiskView(rule: $0.rule, whereText: "\($0.phase), spec line \($0.line)", problem: $0.problem, reason: $0.reason)
        }
        hasAcceptedRisks = !acceptedRisks.isEmpty
        phases = data.phases.map { phase in
            DataPhaseView(
                file: phase.file, href: phase.path, kind: phase.kind.rawValue,
                when: DataPhaseWording.moment(phase, in: plan),
                summary: DataPhaseWording.summary(phase, in: plan), preconditions: phase.preconditions.map(DataPhaseWording.precondition),
                undo: DataPhaseWording.undo(phase.undo), command: phase.command.shellText, pointOfNoReturn: phase.kind == .contract)
        }
        let forward = data.phases.filter { $0.moment != nil && $0.kind != .contract }
        var items = forward.map { "\($0.file) finished without error (\($0.kind.rawValue))." }
        if let reconcile = data.phase(.reconcile) {
            items.append(
                "\(reconcile.file) is at hand for a failed verify: with dual writes on, it repairs every row, and verify then runs again.")
        }
        if let rollback = data.phase(.rollbackExpand) {
            items.append("\(rollback.file) is at hand, and nobody runs it while any writer still uses the new schema.")
        }
        checkpoint = Checkpoint("data", items)
    }
}

extension CutoverSection {
    init(plan: CheckedPlan) {
        let commands = plan.commands
        let flags = plan.flags
        var steps: [ProcedureStep] = []
        func add(_ title: String, _ detail: String? = nil, _ commands: [Command] = [], signOff: SignOff? = nil, wayBack: [String] = []) {
            steps.append(
                ProcedureStep(
                    number: steps.count + 1, id: "cutover-\(steps.count + 1)", title: title, detail: detail,
                    commands: commands.map(\.shellText), signOff: signOff, wayBack: wayBack, hasWayBack: !wayBack.isEmpty))
        }
        func flagStep(_ title: String, _ detail: String, _ change: FlagChange) {
            let edit = FlagWording.edit(change, in: plan).map { " To change it: " + $0 + "." } ?? ""
            add(title, detail + edit, change.commands)
        }
        func dataWork(at moment: Moment) {
            for work in plan.schedule where work.when == .at(moment) {
                switch work.action {
                case .phase(let phase):
                    add("Run \(phase.file) (\(phase.kind.rawValue))", DataPhaseWording.summary(phase, in: plan), [phase.command])
                case .dualWritesOn(let cohort, let everyone):
                    if let cohort {
                        let share = Percent.text(flags?.dualWriteCohort ?? 100)
                        flagStep(
                            "Dual writes on for the \(share) cohort",
                            "Writes for \(share) of users (e.g. internal users first) also reach the new store. Watch the write error rate and the parity metrics for 30 minutes.",
                            cohort)
                    }
                    flagStep(
                        "Dual writes on for everyone",
                        cohort == nil
                            ? "Every write also reaches the new store; watch the write error rate and the parity metrics."
                            : "After 30 clean minutes on the cohort: every write also reaches the new store.",
                        everyone)
                case .flipReads(let verify, let flag):
                    let edit = FlagWording.edit(flag, in: plan).map { " To flip: " + $0 + "." } ?? ""
                    add(
                        "Flip reads to the new store", "Verify parity first; then flip and watch the parity metrics." + edit,
                        (verify.map { [$0.command] } ?? []) + flag.commands)
                case .dualWritesOff, .contract:
                    break
                }
            }
        }

        if plan.cutover.freeze {
            add("Freeze", "Change freeze for repositories outside the migration; mute noisy alerts, keep paging on the migration KPIs.")
        }
        add(
            "Check the preconditions",
            "SLOs and baselines recorded, rehearsal done, flags off, alerts muted, the paging rotation aware."
                + (flags.map { " Flags: " + FlagWording.setup($0) + "." } ?? ""),
            [commands.get])
        if plan.cutover.darkLaunch {
            add(
                "Dark launch",
                "The new stack's dependencies are deployed and warmed (caches, connection pools) while the new version takes no traffic.")
        }
        dataWork(at: .beforeRollout)
        if let mirror = plan.routing.mirror {
            add(
                "Shadow traffic on",
                "\(Percent.text(mirror.percent)) of requests are copied to \(mirror.host) by the VirtualService; compare sampled responses and log diffs only.",
                [commands.showVirtualService])
        }
        add(
            "Start the rollout", "Argo CD applies the new revision; Argo Rollouts moves traffic step by step and runs the analysis gates.",
            [commands.sync, commands.watch])
        for step in plan.rollout.steps where step.weight < 100 {
            dataWork(at: step.moment)
            guard let hold = step.hold else { continue }
            let signOff = plan.signOffPoints.first { $0.id == "hold-\(step.weight)" }.map(SignOff.init)
            add(
                "Hold at \(step.weight)%",
                hold.note ?? "The rollout pauses until promoted. Check the dashboards and the analysis runs first.",
                [commands.get, commands.promote], signOff: signOff,
                wayBack: plan.wayBack.first { $0.point == .weight(step.weight) }.map { WayBackWording.steps($0, in: plan) } ?? [])
        }
        add("100%", "The rollout completes: the new version takes all traffic and becomes stable.", [commands.status])
        dataWork(at: .afterRollout)
        add(
            "Watch",
            "Error budgets and business KPIs for 30 minutes at 100%; then a person declares success. Dual writes stay on for the soak (\(plan.cutover.soak.spoken)).",
            signOff: plan.signOffPoints.first { $0.id == "declare-success" }.map(SignOff.init))
        self.steps = steps
        checkpoint = Checkpoint(
            "cutover",
            [
                "Every step above is done and every sign-off is given for this version of the spec.",
                "Time from \"breach detected\" to \"traffic stable on the old path\" stays under \(plan.cutover.rollbackTarget.spoken) (worst case planned: \(plan.rollout.breachToStable.spoken)).",
            ])
    }
}

extension RollbackSection {
    init(plan: CheckedPlan, criterion: String) {
        triggers = [
            "Automatic: Argo Rollouts aborts when a gate" + (plan.analysis.background ? " or the background watch" : "") + " fails. "
                + criterion,
            "By hand: any KPI breach beyond the thresholds for longer than \(plan.objectives.errorRateFor.spoken), or the on-call's judgement. Nobody needs permission to roll back.",
        ]
        let commands = plan.commands
        var stop = [
            RollbackAction(
                text: "Traffic back to the stable version: Argo Rollouts sets the canary's weight to 0 and scales it down.",
                commands: [commands.abort.shellText])
        ]
        if let killSwitch = plan.flags?.change(.killSwitch, to: .on) {
            stop.append(
                RollbackAction(
                    text: "Every user back on the old path: " + FlagWording.what(killSwitch)
                        + (FlagWording.edit(killSwitch, in: plan).map { "; " + $0 } ?? "") + ".",
                    commands: killSwitch.commands.map(\.shellText)))
        }
        if !plan.cutover.rollbackCommands.isEmpty {
            stop.append(
                RollbackAction(
                    text: "The team's own rollback commands, from the spec:", commands: plan.cutover.rollbackCommands.map(\.shellText)))
        }
        stopTheBleeding = stop
        let from = plan.workload.from.map { " (\($0))" } ?? ""
        makeItStick = [
            RollbackAction(
                text: "An abort is not a rollback under GitOps: the Rollout in git still names the new version, so the next sync "
                    + "or retry goes forward again, and kubectl argo rollouts undo only makes the cluster drift from git. "
                    + "Revert the change in \(plan.origin.displayPath) to the old version\(from) and publish it, or git revert the "
                    + "publish commit in the GitOps repository (and the spec change with it, or the next publish brings it back). "
                    + "Argo CD then syncs the old version; Argo Rollouts sees its stable version again and returns to it at once, "
                    + "without the canary steps.",
                commands: [commands.sync.shellText]),
            RollbackAction(
                text: "After 100% the new version is the stable one: the revert rolls out like any change, so promote it past "
                    + "the canary steps once it syncs.",
                commands: [commands.promoteFull.shellText]),
        ]
        retry = RollbackAction(
            text: "Retry the same version only when the cause was outside it and is fixed (a dependency outage, a gate that "
                + "judged a noisy metric, an infrastructure failure), and never once the change is reverted: retry runs the "
                + "aborted update again from the first step.",
            commands: [commands.retry.shellText])
        target = plan.cutover.rollbackTarget.spoken
        worstCase =
            "\(plan.rollout.breachToStable.spoken) (detection \(plan.rollout.detection) + abort propagation \(RolloutPlan.abortPropagation))"
        wayBack = plan.wayBack.map { point in
            WayBackView(
                at: WayBackWording.point(point.point, in: plan), steps: WayBackWording.steps(point, in: plan),
                pointOfNoReturn: point.pastPointOfNoReturn)
        }
        checkpoint = Checkpoint(
            "rollback",
            [
                "The rollback commands ran at least once in rehearsal and once in production at \(plan.rollout.steps.first?.weight ?? 1)% (dry run).",
                "The revert path works: a test change reverted and published reaches the cluster through Argo CD.",
                "The on-call knows the point of no return and who approves passing it.",
            ])
    }
}

extension CleanupSection {
    init(plan: CheckedPlan, contractNotBefore: String?, cleanupDue: String?) {
        let flags = plan.flags
        let data = plan.data
        var steps: [CheckItem] = []
        func add(_ text: String, _ command: Command? = nil) {
            steps.append(CheckItem(id: "cleanup-\(steps.count + 1)", text: text, command: command?.shellText))
        }
        let verify = data?.phase(.verify)
        add(
            "Soak for \(plan.cutover.soak.spoken) at 100% with dual writes on" + (verify == nil ? "." : "; sample parity nightly."),
            verify?.command)
        if let verify { add("At the end of the soak, verify parity once more.", verify.command) }
        for work in plan.schedule where work.when == .afterSoak {
            switch work.action {
            case .dualWritesOff(let change):
                add("Dual writes off" + (FlagWording.edit(change, in: plan).map { ": " + $0 } ?? "") + ".", change.commands.first)
            case .contract(let contract):
                add(
                    "Contract: remove the old schema" + (contractNotBefore.map { ", not before \($0)" } ?? "")
                        + ". POINT OF NO RETURN: after this the old version cannot run.",
                    contract.command)
            default:
                break
            }
        }
        contractSignOff = plan.signOffPoints.first { $0.id == "contract" }.map(SignOff.init)
        let flagNames = [flags?.dualWrite, flags?.readFlip, flags?.killSwitch].compactMap { $0 }
        if !flagNames.isEmpty {
            add(
                "One pull request removes every migration flag from code and from the flag system: " + flagNames.joined(separator: ", ")
                    + ".")
        }
        add("Scale down the old infrastructure; right-size the new autoscaling from the observed p95 and p99.")
        add("Blameless review, even if all went well: write down what went right by luck, and add a chaos test for it.")
        self.steps = steps
        deadline = plan.cutover.cleanupDeadline.spoken + " after the cutover" + (cleanupDue.map { " (by \($0))" } ?? "")
        checkpoint = Checkpoint(
            "cleanup",
            [
                "No dual writes, no dangling infrastructure, and a merged pull request that removes every migration flag."
            ])
    }
}
