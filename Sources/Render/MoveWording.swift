public import Plan

/// The move to another database in words, the same in the runbook, its summary and
/// `glidepath plan`.
public enum MoveWording {
    public static func title(_ kind: MovePlan.Step.Kind, move: MovePlan) -> String {
        switch kind {
        case .preflight: "Preflight"
        case .replicate: "Replicate: the schema, the publication, the subscription and the initial copy"
        case .checkpoint: "Checkpoint: lag and slot health"
        case .cutover: "Cutover: freeze, catch up, sequences, verify, reverse replication, open"
        case .rollback: "Way back within \(move.rollbackWindow.spoken): the mirror cutover"
        case .cleanup: "Clean-up after the rollback window"
        }
    }

    public static func detail(_ kind: MovePlan.Step.Kind, move: MovePlan) -> String {
        let source = move.source.spoken
        let target = move.target.spoken
        switch kind {
        case .preflight:
            return "Refuses a source without wal_level = logical, a moved table without a primary key or replica identity (its "
                + "UPDATEs and DELETEs would fail once published), a sequence the tables own and the spec does not list; then checks "
                + "that \(target) has the extensions, trigger functions and roles the tables need, which pg_dump -t does not carry."
        case .replicate:
            return "Freezes DDL on the moved tables (DDL is not replicated), publishes them, loads their definitions into \(target) "
                + "(closed to the application's writes until the cutover), subscribes with the initial copy, and waits until every "
                + "table's copy is done (pg_subscription_rel.srsubstate 'r'). The subscription reaches \(source) with the same URI."
        case .checkpoint:
            return "The target must reach the source's current position within \(move.maxLag) (its latest_end_lsn), and the "
                + "replication slot must keep the write-ahead log it needs (wal_status, safe_wal_size). Run it again until it passes "
                + "steadily before the cutover."
        case .cutover:
            let reverse =
                move.dropsForwardFirst
                ? "drops the forward subscription (PostgreSQL \(move.postgresVersion) has no origin = none), "
                : "keeps the forward subscription (origin = none on both, PostgreSQL \(move.postgresVersion)), "
            return "Freezes writes to the moved tables on \(source) (a statement trigger raising SQLSTATE 25006, created under "
                + "lock_timeout so writers in flight finish first), waits at most \(move.maxLag) for \(target) to reach the freeze "
                + "position, sets every sequence past the source's value, verifies every row (count and ordered hash per key range), "
                + reverse + "starts reverse replication without a copy, and opens \(target). Then point the service at \(target). "
                + "If the wait or the verification fails, call it off: run \(MovePlan.File.open.rawValue) on \(source) and try again later."
        case .rollback:
            return "Freezes \(target), waits for \(source) to reach its position through reverse replication, sets the sequences "
                + "past the target's, verifies every row, ends reverse replication and opens \(source). Point the service back at \(source)."
        case .cleanup:
            return "Drops the reverse subscription, the publications (and with them the slots), the DDL freeze and the freeze triggers."
        }
    }

    public static func versionNote(_ move: MovePlan) -> String {
        move.dropsForwardFirst
            ? "\(move.postgresVersion): no origin = none before 16, so the forward subscription is dropped before the reverse one starts"
            : "\(move.postgresVersion): both subscriptions carry origin = none; the forward one stays until the clean-up"
    }

    /// For leadership: what moves where, and that writes pause.
    public static func summary(_ move: MovePlan, at time: String?) -> String {
        let tables = move.tables.map { $0.name.split(separator: ".").last.map(String.init) ?? $0.name }.joined(separator: ", ")
        return "\(tables) moves to \(move.target.spoken); writes to it pause for about a second"
            + (time.map { " at \($0)" } ?? " at the cutover")
            + " (the rehearsal measures it: verifying every row takes longer on a larger table; the cutover is called off if the "
            + "target has not caught up within \(move.maxLag))"
    }
}
