import Plan
import Units

/// The move to another database in the runbook: each step as the on-call runs it, in order,
/// with what it proves and how to call it off.
extension MoveSection {
    init?(plan: CheckedPlan, start: CutoverStart?) {
        guard let move = plan.move else { return nil }
        let tables = move.tables.map(\.name).joined(separator: ", ")
        settings = [
            Row(label: "Tables", value: tables + " (keys " + move.tables.map(\.key).joined(separator: ", ") + ")"),
            Row(label: "From", value: move.source.spoken + ", connection URI in $" + move.source.variable),
            Row(label: "To", value: move.target.spoken + ", connection URI in $" + move.target.variable),
            Row(label: "Sequences", value: move.sequences.isEmpty ? "none" : move.sequences.joined(separator: ", ")),
            Row(label: "Lag allowed", value: "\(move.maxLag) for the target to reach the source's position"),
            Row(label: "Rollback window", value: "\(move.rollbackWindow.spoken) of reverse replication after the cutover"),
            Row(label: "PostgreSQL", value: MoveWording.versionNote(move)),
            Row(
                label: "How to run",
                value: "From the folder that holds this runbook (sql/ beside it), in one shell per step, with $\(move.source.variable) "
                    + "and $\(move.target.variable) exported from the secret store; never paste them into a ticket. "
                    + "The event triggers of the DDL freeze need a superuser on the source."),
        ]
        steps = move.steps.map { step in
            MoveStepView(
                id: "move-" + step.kind.rawValue, title: MoveWording.title(step.kind, move: move),
                detail: MoveWording.detail(step.kind, move: move),
                commands: step.commands.map(ShellCommand.init))
        }
        files = MovePlan.File.allCases.filter { $0 != .dropForward || move.dropsForwardFirst }.map(\.rawValue)
        checkpoint = Checkpoint(
            "move",
            [
                "The preflight passed, and the target has every extension, function and role the moved tables need.",
                "The initial copy is done and the checkpoint shows the target within \(move.maxLag) of the source, the slot healthy.",
                "After the cutover, parity held over every key range, and the service writes to \(move.target.spoken) only.",
                "The rollback is rehearsed, and the clean-up is booked for after the rollback window (\(move.rollbackWindow.spoken)).",
            ])
    }
}
