import Plan
import Spec

/// The playbook's later phases: the data plan, the cutover hour as numbered steps with the
/// command for each, the way back from every point, and the clean-up after the soak.
extension DataSection {
    init?(plan: MigrationPlan) {
        guard let data = plan.spec.data, let phases = plan.dataPhases else { return nil }
        settings = [
            Row(label: "Engine", value: data.engine.value + (data.database.map { ", database \($0)" } ?? "")),
            Row(label: "Timeouts", value: "lock_timeout \(data.lockTimeout), statement_timeout \(data.statementTimeout)"),
            Row(label: "Reads flip", value: phases.readFlip.map { "at \($0)" + (plan.spec.flags?.readFlip.map { " (\($0.value))" } ?? "") } ?? "no read-flip flag"),
        ]
        self.phases = phases.phases.map { phase in
            DataPhaseView(
                file: phase.file, href: phase.path, kind: phase.kind.rawValue,
                when: phase.moment.map(\.description) ?? DataPhaseWording.unscheduled(phase.kind),
                summary: phase.summary, preconditions: phase.preconditions, undo: phase.undo,
                command: phases.command(for: phase), pointOfNoReturn: phase.kind == .contract)
        }
        let forward = phases.phases.filter { $0.moment != nil && $0.kind != .contract }
        var items = forward.map { "\($0.file) finished without error (\($0.kind.rawValue))." }
        if let reconcile = phases.phase(.reconcile) {
            items.append("\(reconcile.file) is at hand for a failed verify: with dual writes on, it repairs every row, and verify then runs again.")
        }
        if let rollback = phases.phase(.rollbackExpand) {
            items.append("\(rollback.file) is at hand, and nobody runs it while any writer still uses the new schema.")
        }
        checkpoint = Checkpoint("data", items)
    }
}

extension CutoverSection {
    init(plan: MigrationPlan) {
        let spec = plan.spec
        let names = plan.names
        let flags = spec.flags
        let phases = plan.dataPhases
        let rollout = "\(names.rollout) -n \(names.namespace)"
        var steps: [ProcedureStep] = []
        func add(_ title: String, _ detail: String? = nil, _ commands: [String] = [], signOff: SignOff? = nil, wayBack: [String] = []) {
            steps.append(ProcedureStep(
                number: steps.count + 1, id: "cutover-\(steps.count + 1)", title: title, detail: detail, commands: commands,
                signOff: signOff, wayBack: wayBack, hasWayBack: !wayBack.isEmpty))
        }
        func dataWork(at moment: Moment) {
            for phase in phases?.phases(at: moment) ?? [] {
                add("Run \(phase.file) (\(phase.kind.rawValue))", phase.summary, [phases?.command(for: phase) ?? ""])
                if phase.kind == .expand, let flag = flags?.dualWrite?.value, let flags {
                    add("Dual writes on", "Start with the \(Percent.text(flags.dualWriteCohort)) cohort (e.g. internal users) for 30 minutes, then everyone.",
                        [flags.command(setting: flag, to: true)])
                }
            }
            if let readFlip = phases?.readFlip, readFlip == moment, let flag = flags?.readFlip?.value, let flags {
                let verify = phases?.phase(.verify).map { [phases?.command(for: $0) ?? ""] } ?? []
                add("Flip reads to the new store", "Verify parity first; then flip and watch the parity metrics.",
                    verify + [flags.command(setting: flag, to: true)])
            }
        }

        if spec.cutover.freeze {
            add("Freeze", "Change freeze for repositories outside the migration; mute noisy alerts, keep paging on the migration KPIs.")
        }
        add("Check the preconditions", "SLOs and baselines recorded, rehearsal done, flags off, alerts muted, the paging rotation aware.",
            ["kubectl argo rollouts get rollout \(rollout)"])
        if spec.cutover.darkLaunch {
            add("Dark launch", "The new stack's dependencies are deployed and warmed (caches, connection pools) while the new version takes no traffic.")
        }
        if phases?.phase(.expand) == nil, let flag = flags?.dualWrite?.value, let flags {
            add("Dual writes on", "Start with the \(Percent.text(flags.dualWriteCohort)) cohort for 30 minutes, then everyone.", [flags.command(setting: flag, to: true)])
        }
        dataWork(at: .beforeRollout)
        if let mirror = spec.traffic.mirror {
            add("Shadow traffic on", "\(Percent.text(mirror.percent.value)) of requests are copied to \(mirror.host.value) by the VirtualService; compare sampled responses and log diffs only.",
                ["kubectl get virtualservice \(names.virtualService) -n \(names.namespace) -o yaml"])
        }
        add("Start the rollout", "Argo CD applies the new revision; Argo Rollouts moves traffic step by step and runs the analysis gates.",
            ["argocd app sync \(names.migration)", "kubectl argo rollouts get rollout \(rollout) --watch"])
        let holds = Dictionary(spec.traffic.holdPoints.map { ($0.at.value, $0) }, uniquingKeysWith: { first, _ in first })
        for step in spec.traffic.steps where step.weight.value < 100 {
            let weight = step.weight.value
            dataWork(at: .atWeight(weight))
            guard let hold = holds[weight] else { continue }
            let signOff = SignOff(id: "hold-\(weight)", roles: hold.signOff.isEmpty ? ["on-call"] : hold.signOff, what: "promote past \(weight)%")
            add("Hold at \(weight)%", hold.note ?? "The rollout pauses until promoted. Check the dashboards and the analysis runs first.",
                ["kubectl argo rollouts get rollout \(rollout)", "kubectl argo rollouts promote \(rollout)"], signOff: signOff,
                wayBack: RollbackSteps(at: .atWeight(weight), plan: plan).steps)
        }
        add("100%", "The rollout completes: the new version takes all traffic and becomes stable.", ["kubectl argo rollouts status \(rollout)"])
        dataWork(at: .afterRollout)
        add("Watch", "Error budgets and business KPIs for 30 minutes at 100%; then a person declares success. Dual writes stay on for the soak (\(spec.cutover.soak.spoken)).",
            signOff: SignOff(id: "declare-success", roles: spec.metadata.owners, what: "declare the cutover a success"))
        self.steps = steps
        checkpoint = Checkpoint("cutover", [
            "Every step above is done and every sign-off is given for this version of the spec.",
            "Time from \"breach detected\" to \"traffic stable on the old path\" stays under \(spec.cutover.rollbackTarget.value.spoken) (worst case planned: \(plan.timeline.breachToStable.spoken)).",
        ])
    }
}

extension RollbackSection {
    init(plan: MigrationPlan, criterion: String) {
        let spec = plan.spec
        let names = plan.names
        triggers = [
            "Automatic: Argo Rollouts aborts when a gate" + (spec.traffic.analysis.background ? " or the background watch" : "") + " fails. " + criterion,
            "By hand: any KPI breach beyond the thresholds for longer than \(spec.slo.errorRateFor.spoken), or the on-call's judgement. Nobody needs permission to roll back.",
        ]
        var commands = ["kubectl argo rollouts abort \(names.rollout) -n \(names.namespace)"]
        if let flags = spec.flags {
            if let killSwitch = flags.killSwitch?.value { commands.append(flags.command(setting: killSwitch, to: true)) }
        }
        commands += spec.cutover.rollbackCommands.map(\.value)
        commands.append("kubectl argo rollouts undo \(names.rollout) -n \(names.namespace)")
        self.commands = commands
        target = spec.cutover.rollbackTarget.value.spoken
        worstCase = "\(plan.timeline.breachToStable.spoken) (detection \(plan.timeline.detection) + abort propagation \(Timeline.abortPropagation))"

        var points = spec.traffic.holdPoints.map { Moment.atWeight($0.at.value) }
        if let readFlip = plan.dataPhases?.readFlip, !points.contains(readFlip) { points.append(readFlip) }
        if !points.contains(.afterRollout) { points.append(.afterRollout) }
        var wayBack = points.sorted().map { moment in
            WayBack(at: moment == .afterRollout ? "at 100%, during the soak" : "at \(moment)",
                    steps: RollbackSteps(at: moment, plan: plan).steps, pointOfNoReturn: false)
        }
        if plan.dataPhases?.phase(.contract) != nil {
            let after = RollbackSteps(at: .afterRollout, afterContract: true, plan: plan)
            wayBack.append(WayBack(at: "after 040-contract.sql", steps: after.steps, pointOfNoReturn: after.pastPointOfNoReturn))
        }
        self.wayBack = wayBack
        checkpoint = Checkpoint("rollback", [
            "The rollback commands ran at least once in rehearsal and once in production at \(spec.traffic.steps.first?.weight.value ?? 1)% (dry run).",
            "The on-call knows the point of no return and who approves passing it.",
        ])
    }
}

extension CleanupSection {
    init(plan: MigrationPlan, contractNotBefore: String?, cleanupDue: String?) {
        let spec = plan.spec
        let flags = spec.flags
        let phases = plan.dataPhases
        var steps: [CheckItem] = []
        func add(_ text: String, _ command: String? = nil) {
            steps.append(CheckItem(id: "cleanup-\(steps.count + 1)", text: text, command: command))
        }
        let verify = phases?.phase(.verify)
        add("Soak for \(spec.cutover.soak.spoken) at 100% with dual writes on" + (verify == nil ? "." : "; sample parity nightly."),
            verify.flatMap { phases?.command(for: $0) })
        if let verify { add("At the end of the soak, verify parity once more.", phases?.command(for: verify)) }
        if let flags, let flag = flags.dualWrite?.value { add("Dual writes off.", flags.command(setting: flag, to: false)) }
        if let contract = phases?.phase(.contract) {
            add("Contract: remove the old schema" + (contractNotBefore.map { ", not before \($0)" } ?? "") + ". POINT OF NO RETURN: after this the old version cannot run.",
                phases?.command(for: contract))
            contractSignOff = SignOff(id: "contract", roles: spec.metadata.owners, what: "pass the point of no return (040-contract.sql)")
        } else {
            contractSignOff = nil
        }
        let flagNames = [flags?.dualWrite, flags?.readFlip, flags?.killSwitch].compactMap { $0?.value }
        if !flagNames.isEmpty {
            add("One pull request removes every migration flag from code and from the flag system: " + flagNames.joined(separator: ", ") + ".")
        }
        add("Scale down the old infrastructure; right-size the new autoscaling from the observed p95 and p99.")
        add("Blameless review, even if all went well: write down what went right by luck, and add a chaos test for it.")
        self.steps = steps
        deadline = spec.cutover.cleanupDeadline.spoken + " after the cutover" + (cleanupDue.map { " (by \($0))" } ?? "")
        checkpoint = Checkpoint("cleanup", [
            "No dual writes, no dangling infrastructure, and a merged pull request that removes every migration flag.",
        ])
    }
}
