import Plan
import Render

/// The data part of `glidepath plan`: when each SQL phase and flag change happens relative to
/// the canary steps, the clean-up in data-flow order, and what each phase needs first.
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
            for line in lines(work.action, plan: plan) {
                out += "  " + PlanPrinter.pad(when, 16) + line + "\n"
            }
        }
        out += "\nphases:\n"
        for phase in data.phases {
            out += "  \(phase.path): \(DataPhaseWording.summary(phase, in: plan))\n"
            out += phase.preconditions.map { "    needs: \(DataPhaseWording.precondition($0))\n" }.joined()
            out += "    undo: \(DataPhaseWording.undo(phase.undo))\n"
            out += "    run by: \(DataPhaseWording.runBy(phase, in: plan))\n"
        }
        if !data.acceptedRisks.isEmpty {
            out += "\naccepted SQL risks:\n"
            for risk in data.acceptedRisks {
                out += "  \(risk.rule) (\(risk.phase), spec line \(risk.line)): \(risk.problem)\n    because: \(risk.reason)\n"
            }
        }
        return out
    }

    private static func lines(_ action: ScheduledWork.Action, plan: CheckedPlan) -> [String] {
        switch action {
        case .phase(let phase): ["\(phase.path): \(phase.kind.rawValue)"]
        case .dualWritesOn(let cohort, let everyone): (cohort.map { [FlagWording.what($0)] } ?? []) + [FlagWording.what(everyone)]
        case .flipReads(let verify, let flag): (verify.map { ["\($0.path) again"] } ?? []) + [FlagWording.what(flag)]
        case .verifyAtSoakEnd(let verify): ["\(verify.path) again, dual writes still on"]
        case .flagFreeRelease(let retiring):
            ["the release without the flags at 100%" + (retiring.map { " -- stops writing \($0): POINT OF NO RETURN" } ?? "")]
        case .contract(let phase):
            ["\(phase.path): contract" + (plan.pointOfNoReturn == .contract(file: phase.file) ? " -- POINT OF NO RETURN" : "")]
        case .removeFlags(let keys): ["flags deleted from the flag system: " + keys.joined(separator: ", ")]
        }
    }
}
