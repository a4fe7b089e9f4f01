import Spec

/// The contract phase: removals only, each guarded with IF EXISTS so a re-run is a no-op.
/// A dual-write trigger goes first: it writes into the structures about to be dropped.
struct ContractSQL {
    let operations: [ContractOperation]
    let triggers: [DualWriteTrigger]
    let progress: BackfillProgress?

    func body() -> [String] {
        var blocks = triggers.map { "-- Dual writes end before anything they write to is dropped.\n" + DualWriteTriggerSQL(trigger: $0).drop() }
        blocks += operations.map { operation in
            switch operation {
            case .dropColumn(let table, let column, _):
                "ALTER TABLE IF EXISTS \(SQLText.identifier(table.value)) DROP COLUMN IF EXISTS \(SQLText.identifier(column.value));"
            case .dropTable(let table):
                "DROP TABLE IF EXISTS \(SQLText.identifier(table.value));"
            case .sql(let snippet):
                "-- Raw SQL from the spec, line \(snippet.range.start.line).\n" + SQLText.statementText(snippet.value)
            }
        }
        if let progress { blocks.append(progress.forget()) }
        return blocks
    }
}

/// Constraints added NOT VALID are validated here: VALIDATE CONSTRAINT scans the table under
/// a SHARE UPDATE EXCLUSIVE lock, which lets reads and writes go on.
struct ValidateSQL {
    let operations: [ExpandOperation]

    func body() -> [String] {
        operations.compactMap { operation in
            switch operation {
            case .addCheckConstraint(let table, let name, _, _):
                "ALTER TABLE \(SQLText.identifier(table.value)) VALIDATE CONSTRAINT \(SQLText.quoteIdentifierPart(name.value));"
            case .addForeignKey(let key):
                "ALTER TABLE \(SQLText.identifier(key.table.value)) VALIDATE CONSTRAINT \(SQLText.quoteIdentifierPart(key.name.value));"
            default:
                nil
            }
        }
    }
}
