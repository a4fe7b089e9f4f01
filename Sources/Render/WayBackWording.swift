public import Plan

/// The way back in words, the same in the runbook's hold steps, its rollback section and
/// `glidepath plan`.
public enum WayBackWording {
    public static func steps(_ wayBack: WayBack, in plan: CheckedPlan) -> [String] {
        wayBack.steps.map { step($0, in: plan) }
    }

    public static func step(_ step: WayBack.Step, in plan: CheckedPlan) -> String {
        switch step {
        case .killSwitch(let change): "stop the bleeding: kill switch on: " + FlagWording.how(change, in: plan)
        case .readsBack(let change): "reads back to the old store: " + FlagWording.how(change, in: plan)
        case .abort(let abort): "traffic back to stable: " + abort.shellText
        case .revert(let sync, let skipSteps):
            "make it stick: " + revert(in: plan) + ", then " + sync.shellText
                + (skipSteps.map { " and " + $0.shellText + " so the old version skips the canary steps" } ?? "")
        case .leaveDualWrites(let change): "only to leave the migration: dual writes off: " + FlagWording.how(change, in: plan)
        case .leaveSchema(let command): "only to leave the migration, after the steps above: " + command.shellText
        case .schemaIrreversible(let contract): "the schema cannot be rolled back: \(contract) removed what the old version needs"
        case .rollForward(let sync):
            "roll forward: fix the new version, publish it, then \(sync.shellText); revert only to a revision that runs on the contracted schema"
        }
    }

    /// How a change is undone under GitOps, so that no sync or retry goes forward again.
    public static func revert(in plan: CheckedPlan) -> String {
        let back = plan.workload.from.map { " (back to \($0))" } ?? ""
        return
            "revert the change in \(plan.origin.displayPath)\(back) and publish it, or git revert the publish commit in the GitOps repository and the spec change with it"
    }

    /// `at 50%`, `at 100%, during the soak`, `after 040-contract.sql`.
    public static func point(_ point: WayBack.Point, in plan: CheckedPlan) -> String {
        switch point {
        case .weight(let weight): "at \(weight)%"
        case .fullTraffic: "at 100%, during the soak"
        case .afterContract: "after " + (plan.data?.phase(.contract)?.file ?? "the contract")
        }
    }
}
