import Plan
import Render

/// The data part of `glidepath plan`: when each SQL phase and flag change happens relative to
/// the canary steps, what each phase needs first, and the way back from every point the
/// rollout can stop at.
enum DataPlanPrinter {
    static func text(_ plan: CheckedPlan) -> String {
        guard let data = plan.data else { return "" }
        var out =
            "\ndata plan (PostgreSQL \(data.postgresVersion); lock_timeout \(data.lockTimeout), statement_timeout \(data.statementTimeout)):\n"
        let soak = "after soak \(plan.cutover.soak)"
        for work in plan.schedule {
            let when =
                switch work.when {
                case .at(let moment): moment.description
                case .afterSoak: soak
                }
            for line in lines(work.action) {
                out += "  " + PlanPrinter.pad(when, 16) + line + "\n"
            }
        }
        out += "\nphases:\n"
        for phase in data.phases {
            out += "  \(phase.path): \(DataPhaseWording.summary(phase, in: plan))\n"
            out += phase.preconditions.map { "    needs: \(DataPhaseWording.precondition($0))\n" }.joined()
            out += "    undo: \(DataPhaseWording.undo(phase.undo))\n"
        }
        if !data.acceptedRisks.isEmpty {
            out += "\naccepted SQL risks:\n"
            for risk in data.acceptedRisks {
                out += "  \(risk.rule) (\(risk.phase), spec line \(risk.line)): \(risk.problem)\n    because: \(risk.reason)\n"
            }
        }
        out += "\nway back:\n"
        for wayBack in plan.wayBack {
            out += "  \(WayBackWording.point(wayBack.point, in: plan)):\n"
            out += WayBackWording.steps(wayBack, in: plan).map { "    - \($0)\n" }.joined()
        }
        return out
    }

    private static func lines(_ action: ScheduledWork.Action) -> [String] {
        switch action {
        case .phase(let phase): ["\(phase.path): \(phase.kind.rawValue)"]
        case .dualWritesOn(let cohort, let everyone): (cohort.map { [FlagWording.what($0)] } ?? []) + [FlagWording.what(everyone)]
        case .flipReads(let verify, let flag): (verify.map { ["\($0.path) again"] } ?? []) + [FlagWording.what(flag)]
        case .dualWritesOff(let change): [FlagWording.what(change)]
        case .contract(let phase): ["\(phase.path): contract -- POINT OF NO RETURN"]
        }
    }
}
