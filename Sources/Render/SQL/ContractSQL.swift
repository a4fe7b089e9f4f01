import Plan

/// The contract phase: removals only, each guarded with IF EXISTS so a re-run is a no-op.
/// A dual-write trigger goes first: it writes into the structures about to be dropped.
struct ContractSQL {
    let operations: [DataWork.Removal]
    let triggers: [DataWork.DualWriteTrigger]
    let progress: BackfillProgress?

    func body() -> [String] {
        var blocks = triggers.map {
            "-- Dual writes end before anything they write to is dropped.\n" + DualWriteTriggerSQL(trigger: $0).drop()
        }
        blocks += operations.map { operation in
            switch operation {
            case .dropColumn(let table, let column):
                "ALTER TABLE IF EXISTS \(SQLText.identifier(table)) DROP COLUMN IF EXISTS \(SQLText.identifier(column));"
            case .dropTable(let table):
                "DROP TABLE IF EXISTS \(SQLText.identifier(table));"
            case .sql(let snippet, let line):
                "-- Raw SQL from the spec, line \(line).\n" + SQLText.statementText(snippet)
            }
        }
        if let progress { blocks.append(progress.forget()) }
        return blocks
    }
}

/// Constraints added NOT VALID are validated here: VALIDATE CONSTRAINT scans the table under
/// a SHARE UPDATE EXCLUSIVE lock, which lets reads and writes go on.
struct ValidateSQL {
    let operations: [DataWork.SchemaChange]

    func body() -> [String] {
        operations.compactMap { operation in
            switch operation {
            case .addCheck(let table, let name, _), .addForeignKey(let table, let name, _, _, _):
                "ALTER TABLE \(SQLText.identifier(table)) VALIDATE CONSTRAINT \(SQLText.quoteIdentifierPart(name));"
            default:
                nil
            }
        }
    }
}
