import Plan
import Render
import Units

/// `glidepath plan`: the rollout timeline for a terminal, read from the checked plan alone.
enum PlanPrinter {
    static func text(_ plan: CheckedPlan) -> String {
        let rollout = plan.rollout
        var out = "\(plan.names.migration): \(plan.migration.service) in \(plan.names.namespace), "
        out += "\(plan.routing.mode.rawValue) routing, \(rollout.steps.count) steps\n\n"
        out += pad("time", 10) + pad("weight", 8) + "event\n"
        for step in rollout.steps {
            var at = step.start
            func line(_ event: String) { out += pad("t+\(at)", 10) + pad("\(step.weight)%", 8) + event + "\n" }
            line("set canary weight to \(step.weight)%")
            if let pause = step.pause {
                line("pause \(pause)")
                at = at + pause
            }
            if let gate = step.gate {
                line("analysis '\(plan.names.analysisTemplate)': \(plan.analysis.count) measurements over \(gate)")
                at = at + gate
            }
            if let hold = step.hold {
                line("HOLD until promoted (sign-off: " + hold.signOff.joined(separator: ", ") + ")")
            }
        }
        let holds = rollout.holds.count
        out += "\nrollout: \(rollout.automatedDuration) of pauses and analysis"
        out += holds > 0 ? " + \(holds) manual hold point\(holds == 1 ? "" : "s")\n" : "\n"
        out += "breach to stable (worst case): \(rollout.breachToStable)"
        out += " (detection \(rollout.detection) + abort \(RolloutPlan.abortPropagation)); "
        out += "SLO tolerates \(plan.objectives.errorRateFor), rollback target \(plan.cutover.rollbackTarget)\n"
        out += "rollback criterion: " + RollbackWording.criterion(plan) + "\n"
        let length = plan.cutoverLength
        out += "cutover hour: about \(length.total)"
        out +=
            " (cohort watch \(length.cohortWatch), rollout \(length.rollout), holds \(length.holds) as planned, watch at 100% \(length.successWatch))"
        out += length.excludesBackfill ? " plus the backfill\n" : "\n"
        out += "soak \(plan.cutover.soak) after 100%; clean-up within \(plan.cutover.cleanupDeadline)\n"
        out += plan.concerns.map { "warning: " + RollbackWording.concern($0) + "\n" }.joined()
        return out + lifecycle(plan) + gates(plan) + observability(plan) + DataPlanPrinter.text(plan) + move(plan) + wayBack(plan)
    }

    /// The first sync and the version change: what each publish makes Argo CD apply.
    private static func lifecycle(_ plan: CheckedPlan) -> String {
        let wording = LifecycleWording(plan: plan)
        var out = "\nstage: \(plan.workload.stage.rawValue)"
        out +=
            plan.workload.runningImage.map { " (the Rollout runs \($0))" }
            ?? (plan.workload.runsBridge ? " (the Rollout runs the bridge)" : "")
        out += "\n"
        for step in [wording.firstSync, wording.versionChange].compactMap({ $0 }) {
            out += "  \(step.title): \(step.detail)\n"
            out += step.commands.map { "    $ \($0.shellText)\n" }.joined()
        }
        return out
    }

    /// The move to another database, step by step with its commands.
    private static func move(_ plan: CheckedPlan) -> String {
        guard let move = plan.move else { return "" }
        var out = "\ndata move: " + MoveWording.summary(move, at: plan.cutover.window) + "\n"
        out += "  PostgreSQL " + MoveWording.versionNote(move) + "\n"
        for step in move.steps {
            out += "  \(MoveWording.title(step.kind, move: move)):\n    \(MoveWording.detail(step.kind, move: move))\n"
            out += step.commands.map { "    $ \($0.shellText)\n" }.joined()
        }
        return out
    }

    /// The way back from every point the rollout can stop at, fastest first.
    private static func wayBack(_ plan: CheckedPlan) -> String {
        var out = "\nway back:\n"
        for wayBack in plan.wayBack {
            out += "  \(WayBackWording.point(wayBack.point, in: plan)):\n"
            for line in WayBackWording.lines(wayBack, in: plan) {
                out += "    - \(line.text)\n"
                out += line.commands.map { "        $ \($0.shellText)\n" }.joined()
            }
        }
        return out
    }

    /// Each analysis metric: when it passes, and what it does when there is no data.
    private static func gates(_ plan: CheckedPlan) -> String {
        let analysis = plan.analysis
        var out = "\nanalysis: gate '\(plan.names.analysisTemplate)' (\(analysis.count) measurements \(analysis.interval) apart, "
        out += "fails after \(analysis.failureLimit + 1) bad ones)"
        out += analysis.background ? "; watch '\(plan.names.watchTemplate)' from the first weight to 100%\n" : "; no background watch\n"
        let width = (analysis.metrics.map(\.name.count).max() ?? 0) + 2
        for metric in analysis.metrics {
            out += "  " + pad(metric.name, width) + GateWording.condition(metric) + "\n"
            out += "  " + pad("", width) + "no data: " + GateWording.noData(metric) + "\n"
        }
        if analysis.metrics.contains(where: { $0.kind == .errorRate }) {
            out += "  " + GateWording.zeroErrors + "\n"
        }
        return out
    }

    /// The alerts and the dashboard publish will commit beside the manifests.
    private static func observability(_ plan: CheckedPlan) -> String {
        var out = ""
        if let alerts = plan.observability.alerts {
            out += "\nalerts: PrometheusRule '\(alerts.ruleName)', group '\(alerts.group)'"
            out += " (" + alerts.labels.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")\n"
            let width = (alerts.alerts.map(\.name.count).max() ?? 0) + 2
            for alert in alerts.alerts {
                out += "  " + pad(alert.name, width) + "\(AlertWording.subject(alert, in: plan)) \(AlertWording.breach(alert))"
                out += " for \(alert.duration)\n"
            }
            for omission in alerts.omitted {
                out += "  " + AlertWording.omission(omission) + "\n"
            }
        } else {
            out += "\nalerts: none (observability.alerts is false)\n"
        }
        if let dashboard = plan.observability.dashboard {
            out += "dashboard: '\(dashboard.title)' (uid \(dashboard.uid), ConfigMap '\(dashboard.configMapName)')\n"
            for (index, title) in DashboardPanels.titles(plan).enumerated() {
                out += "  \(index + 1). \(title)\n"
            }
        } else {
            out += "dashboard: none (observability.dashboard is false)\n"
        }
        return out
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
