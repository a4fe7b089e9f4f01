public import Plan

/// The way back in words, the same in the runbook's hold steps, its rollback section and
/// `glidepath plan`.
public enum WayBackWording {
    public static func steps(_ wayBack: WayBack) -> [String] {
        wayBack.steps.map(step)
    }

    public static func step(_ step: WayBack.Step) -> String {
        switch step {
        case .readsBack(let change): "reads back to the old store: " + change.command.shellText
        case .abort(let abort): "traffic back to stable: " + abort.shellText
        case .undoAndPromote(let undo, let promote):
            "traffic back to the previous version: \(undo.shellText), then \(promote.shellText) to skip the canary steps"
        case .leaveDualWrites(let change): "only to leave the migration: dual writes off: " + change.command.shellText
        case .leaveSchema(let command): "only to leave the migration, after the steps above: " + command.shellText
        case .schemaIrreversible(let contract): "the schema cannot be rolled back: \(contract) removed what the old version needs"
        case .rollForward(let undo):
            "roll forward: fix the new version; `\(undo.shellText)` only to a revision that runs on the contracted schema"
        }
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
