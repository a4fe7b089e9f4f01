import Diagnostics
import Plan
import Spec
import Units

/// Rollback must be one command away and fast enough: flags that change behaviour need a way
/// back, and the gates must react within the time the SLO and the rollback target allow.
enum RollbackCheck: Check {
    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics) {
        let spec = context.spec
        if let flags = spec.flags, flags.dualWrite != nil || flags.readFlip != nil,
            flags.killSwitch == nil, spec.cutover.rollbackCommands.isEmpty
        {
            diagnostics.append(CheckMessages.noRollbackCommand(flags.range))
        }
    }
}

/// The worst case from a bad canary to everyone back on the old version, as the plan derives
/// it from the gates' timing, against the spec's rollback target.
enum RollbackTimingCheck: PlanCheck {
    static func run(_ context: PlanCheckContext, into diagnostics: inout Diagnostics) {
        let spec = context.spec
        for case .rollbackSlowerThanTarget(let worstCase, _) in context.plan.concerns {
            diagnostics.append(
                CheckMessages.slowRollback(
                    worstCase: worstCase, target: spec.cutover.rollbackTarget, scrape: spec.prometheus.scrapeInterval,
                    analysis: spec.traffic.analysis))
        }
    }
}
