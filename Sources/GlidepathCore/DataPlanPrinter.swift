import Plan
import Spec

/// The data part of `glidepath plan`: when each SQL phase and flag change happens relative to
/// the canary steps, what each phase needs first, and the way back from every hold point.
enum DataPlanPrinter {
    static func text(_ plan: MigrationPlan) -> String {
        guard let data = plan.spec.data, let phases = plan.dataPhases else { return "" }
        let flags = plan.spec.flags
        var out = "\ndata plan (\(data.engine.value); lock_timeout \(data.lockTimeout), statement_timeout \(data.statementTimeout)):\n"
        var order: [(Moment, String)] = []
        for phase in phases.phases where phase.moment != nil && phase.kind != .contract {
            order.append((phase.moment ?? .beforeRollout, "\(phase.path): \(phase.kind.rawValue)"))
            if phase.kind == .expand, let dualWrite = flags?.dualWrite?.value {
                order.append((phase.moment ?? .beforeRollout, "flag \(dualWrite) on (dual writes)"))
            }
        }
        if let readFlip = phases.readFlip, let flag = flags?.readFlip?.value {
            if phases.phase(.verify) != nil { order.append((readFlip, "\(DataPhases.folder)/030-verify.sql again")) }
            order.append((readFlip, "flag \(flag) on (reads flip to the new store)"))
        }
        for (moment, line) in order.enumerated().sorted(by: { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }).map(\.element) {
            out += "  " + PlanPrinter.pad(moment.description, 16) + line + "\n"
        }
        let soak = "after soak \(plan.spec.cutover.soak)"
        if let dualWrite = flags?.dualWrite?.value { out += "  " + PlanPrinter.pad(soak, 16) + "flag \(dualWrite) off\n" }
        if let contract = phases.phase(.contract) {
            out += "  " + PlanPrinter.pad(soak, 16) + "\(contract.path): contract -- POINT OF NO RETURN\n"
        }
        out += "\nphases:\n"
        for phase in phases.phases {
            out += "  \(phase.path): \(phase.summary)\n"
            out += phase.preconditions.map { "    needs: \($0)\n" }.joined()
            out += "    undo: \(phase.undo)\n"
        }
        out += "\nway back:\n"
        var points = plan.spec.traffic.holdPoints.map { Moment.atWeight($0.at.value) }
        if let readFlip = phases.readFlip, !points.contains(readFlip) { points.append(readFlip) }
        for moment in points.sorted() {
            out += "  at \(moment):\n" + RollbackSteps(at: moment, plan: plan).steps.map { "    - \($0)\n" }.joined()
        }
        if phases.phase(.contract) != nil {
            out += "  after contract:\n"
            out += RollbackSteps(at: .afterRollout, afterContract: true, plan: plan).steps.map { "    - \($0)\n" }.joined()
        }
        return out
    }
}
