import Plan
import Units

/// The playbook's later phases: the data plan, the cutover hour as numbered steps with the
/// command for each, the way back from every point, and the clean-up after the soak.
extension DataSection {
    init?(plan: CheckedPlan) {
        guard let data = plan.data else { return nil }
        settings = [
            Row(label: "Engine", value: "PostgreSQL \(data.postgresVersion)" + (data.database.map { ", database \($0)" } ?? "")),
            Row(label: "Runs the phases", value: DataPhaseWording.connection(data)),
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
                undo: DataPhaseWording.undo(phase.undo), runBy: DataPhaseWording.runBy(phase, in: plan),
                command: ShellCommand(phase.command),
                pointOfNoReturn: plan.pointOfNoReturn == .contract(file: phase.file))
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
        func add(
            _ title: String, _ detail: String? = nil, _ commands: [Command] = [], signOff: SignOff? = nil, wayBack: [WayBackLine] = []
        ) {
            steps.append(
                ProcedureStep(
                    number: steps.count + 1, id: "cutover-\(steps.count + 1)", title: title, detail: detail,
                    commands: commands.map(ShellCommand.init), signOff: signOff, wayBack: wayBack, hasWayBack: !wayBack.isEmpty))
        }
        func flagStep(_ title: String, _ detail: String, _ change: FlagChange) {
            let edit = FlagWording.edit(change, in: plan).map { " To change it: " + $0 + "." } ?? ""
            add(title, detail + edit, change.commands)
        }
        func dataWork(at moment: Moment) {
            for work in plan.schedule where work.when == .at(moment) {
                switch work.action {
                case .phase(let phase) where phase.execution == .byPerson:
                    add("Run \(phase.file) (\(phase.kind.rawValue))", DataPhaseWording.summary(phase, in: plan), [phase.command])
                case .phase(let phase):
                    add(
                        "\(phase.file) (\(phase.kind.rawValue)) runs in the cluster",
                        DataPhaseWording.summary(phase, in: plan) + " Who runs it: " + DataPhaseWording.runBy(phase, in: plan) + ".",
                        [commands.dataJobs, commands.dataJobLogs])
                case .dualWritesOn(let cohort, let everyone):
                    if let cohort {
                        let share = Percent.text(flags?.dualWriteCohort ?? 100)
                        flagStep(
                            "Dual writes on for the \(share) cohort",
                            "Writes for \(share) of users (e.g. internal users first) also reach the new store. Watch the write "
                                + "error rate and the parity metrics for \(plan.cutover.cohortWatch.spoken).",
                            cohort)
                    }
                    flagStep(
                        "Dual writes on for everyone",
                        cohort == nil
                            ? "Every write also reaches the new store; watch the write error rate and the parity metrics."
                            : "After \(plan.cutover.cohortWatch.spoken) clean on the cohort: every write also reaches the new store.",
                        everyone)
                case .flipReads(let verify, let flag):
                    let edit = FlagWording.edit(flag, in: plan).map { " To flip: " + $0 + "." } ?? ""
                    add(
                        "Flip reads to the new store", "Verify parity first; then flip and watch the parity metrics." + edit,
                        (verify.map { [$0.command] } ?? []) + flag.commands)
                default:
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
                + (flags.map { " Flags: " + FlagWording.setup($0) + "." } ?? "")
                + (plan.data.map { " " + DataPhaseWording.connection($0) } ?? ""),
            [commands.get] + (flags?.setup ?? []))
        let lifecycle = LifecycleWording(plan: plan)
        if let first = lifecycle.firstSync { add(first.title, first.detail, first.commands) }
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
        let start = lifecycle.versionChange
        add(start.title, start.detail, start.commands)
        for step in plan.rollout.steps where step.weight < 100 {
            dataWork(at: step.moment)
            guard let hold = step.hold else { continue }
            add(
                "Hold at \(step.weight)%",
                (hold.note ?? "The rollout pauses until promoted. Check the dashboards and the analysis runs first.")
                    + " Planned: \(hold.expected.spoken); it waits for the sign-off however long it takes.",
                [commands.get, commands.promote], signOff: plan.signOffPoint(.hold(weight: step.weight)).map { SignOff($0, in: plan) },
                wayBack: plan.wayBack.first { $0.point == .weight(step.weight) }.map {
                    WayBackWording.lines($0, in: plan).map(WayBackLine.init)
                }
                    ?? [])
        }
        add("100%", "The rollout completes: the new version takes all traffic and becomes stable.", [commands.status])
        dataWork(at: .afterRollout)
        add(
            "Watch",
            "Error budgets and business KPIs for \(plan.cutover.successWatch.spoken) at 100%; then a person declares success. "
                + (plan.hasDualWrites ? "Dual writes stay on for the soak (\(plan.cutover.soak.spoken)) and through the clean-up." : ""),
            signOff: plan.signOffPoint(.declareSuccess).map { SignOff($0, in: plan) })
        self.steps = steps
        checkpoint = Checkpoint(
            "cutover",
            [
                "Every step above is done and every sign-off is given for this version of the spec.",
                "Time from the start of a breach to traffic stable on the old path stays under \(plan.cutover.rollbackTarget.spoken) "
                    + "(worst case planned: \(plan.rollout.breachToStable.spoken)).",
            ])
    }
}
