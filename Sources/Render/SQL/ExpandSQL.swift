import Spec

/// The expand phase and its undo. Each operation is its own transaction (autocommit), so a
/// lock is held for one statement only; each is guarded, so the file can always run again.
struct ExpandSQL {
    let operations: [ExpandOperation]
    let progress: BackfillProgress?

    func forward() -> [String] {
        operations.map(apply)
    }

    /// The undo, in reverse order, then the backfill's bookkeeping.
    func rollback() -> [String] {
        (progress.map { [$0.forget()] } ?? []) + operations.reversed().map(undo)
    }

    private func apply(_ operation: ExpandOperation) -> String {
        switch operation {
        case .addColumn(let add):
            var definition = "\(SQLText.identifier(add.column.value)) \(add.type.value)"
            if !add.nullable.value { definition += " NOT NULL" }
            // Parenthesised, so the expression ends where glidepath says, whatever it holds.
            if let expression = add.defaultExpression { definition += " DEFAULT (\(expression.value))" }
            return "ALTER TABLE \(SQLText.identifier(add.table.value)) ADD COLUMN IF NOT EXISTS \(definition);"

        case .createTable(let name, let columns, _):
            var lines = columns.map { column in
                "    \(SQLText.identifier(column.name.value)) \(column.type.value)" + (column.nullable && !column.primaryKey ? "" : " NOT NULL")
            }
            let key = columns.filter(\.primaryKey).map { SQLText.identifier($0.name.value) }
            if !key.isEmpty { lines.append("    PRIMARY KEY (\(key.joined(separator: ", ")))") }
            return "CREATE TABLE IF NOT EXISTS \(SQLText.identifier(name.value)) (\n" + lines.joined(separator: ",\n") + "\n);"

        case .createIndex(let table, let name, let columns, let unique, _):
            let qualified = SQLText.sibling(name.value, of: table.value)
            return """
                -- CREATE INDEX CONCURRENTLY runs outside a transaction and does not block writes. A build
                -- that failed earlier leaves an invalid index behind: drop it first, or IF NOT EXISTS would keep it.
                SELECT format('DROP INDEX CONCURRENTLY IF EXISTS %s', indexrelid::regclass)
                  FROM pg_index
                 WHERE indexrelid = to_regclass(\(SQLText.literal(SQLText.identifier(qualified)))) AND NOT indisvalid
                \\gexec
                CREATE \(unique ? "UNIQUE " : "")INDEX CONCURRENTLY IF NOT EXISTS \(SQLText.quoteIdentifierPart(SQLText.bareName(name.value)))
                    ON \(SQLText.identifier(table.value)) (\(columns.map(SQLText.identifier).joined(separator: ", ")));
                """

        case .addCheckConstraint(let table, let name, let expression, _):
            return addConstraint(table: table.value, name: name.value, definition: "CHECK (\(expression.value))")

        case .addForeignKey(let key):
            let definition = "FOREIGN KEY (\(key.columns.map(SQLText.identifier).joined(separator: ", "))) REFERENCES "
                + "\(SQLText.identifier(key.references)) (\(key.referencedColumns.map(SQLText.identifier).joined(separator: ", ")))"
            return addConstraint(table: key.table.value, name: key.name.value, definition: definition)

        case .dualWriteTrigger(let trigger):
            return DualWriteTriggerSQL(trigger: trigger).create()

        case .sql(let snippet, _):
            return "-- Raw SQL from the spec, line \(snippet.range.start.line).\n" + SQLText.statementText(snippet.value)
        }
    }

    /// NOT VALID takes only a brief lock and skips the scan of existing rows; 025-validate.sql
    /// checks them later without blocking writes.
    private func addConstraint(table: String, name: String, definition: String) -> String {
        let body = """
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_constraint
                                WHERE conrelid = to_regclass(\(SQLText.literal(SQLText.identifier(table))))
                                  AND conname = \(SQLText.literal(name))) THEN
                    ALTER TABLE \(SQLText.identifier(table)) ADD CONSTRAINT \(SQLText.quoteIdentifierPart(name))
                        \(definition) NOT VALID;
                END IF;
            END
            """
        return "DO " + SQLText.dollarQuoted(body) + ";"
    }

    private func undo(_ operation: ExpandOperation) -> String {
        switch operation {
        case .addColumn(let add):
            return "ALTER TABLE IF EXISTS \(SQLText.identifier(add.table.value)) DROP COLUMN IF EXISTS \(SQLText.identifier(add.column.value));"
        case .createTable(let name, _, _):
            return "DROP TABLE IF EXISTS \(SQLText.identifier(name.value));"
        case .createIndex(let table, let name, _, _, _):
            return "DROP INDEX CONCURRENTLY IF EXISTS \(SQLText.identifier(SQLText.sibling(name.value, of: table.value)));"
        case .addCheckConstraint(let table, let name, _, _):
            return "ALTER TABLE IF EXISTS \(SQLText.identifier(table.value)) DROP CONSTRAINT IF EXISTS \(SQLText.quoteIdentifierPart(name.value));"
        case .addForeignKey(let key):
            return "ALTER TABLE IF EXISTS \(SQLText.identifier(key.table.value)) DROP CONSTRAINT IF EXISTS \(SQLText.quoteIdentifierPart(key.name.value));"
        case .dualWriteTrigger(let trigger):
            return DualWriteTriggerSQL(trigger: trigger).drop()
        case .sql(let snippet, let undo):
            guard let undo else {
                return "-- The raw SQL at spec line \(snippet.range.start.line) has no 'undo:'; undo it by hand."
            }
            return "-- Undo of the raw SQL at spec line \(snippet.range.start.line).\n" + SQLText.statementText(undo.value)
        }
    }
}

/// A trigger that copies every write on the old table into the new one, in the writer's own
/// transaction, so the two cannot drift while it exists.
struct DualWriteTriggerSQL {
    let trigger: DualWriteTrigger

    var triggerName: String { "glidepath_dual_write_" + SQLText.bareName(trigger.to.value) }
    var functionName: String { SQLText.sibling(triggerName, of: trigger.from.value) }

    func create() -> String {
        let target = SQLText.identifier(trigger.to.value)
        let key = SQLText.identifier(trigger.key.value)
        let columns = trigger.columns.map(SQLText.identifier)
        let updates = trigger.columns.filter { $0 != trigger.key.value }.map(SQLText.identifier)
        let conflict = updates.isEmpty
            ? "DO NOTHING"
            : "DO UPDATE SET " + updates.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
        let body = """
            BEGIN
                IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NEW.\(key) IS DISTINCT FROM OLD.\(key)) THEN
                    DELETE FROM \(target) WHERE \(key) = OLD.\(key);
                END IF;
                IF TG_OP = 'DELETE' THEN
                    RETURN OLD;
                END IF;
                INSERT INTO \(target) (\(columns.joined(separator: ", ")))
                VALUES (\(columns.map { "NEW." + $0 }.joined(separator: ", ")))
                ON CONFLICT (\(key)) \(conflict);
                RETURN NEW;
            END
            """
        return """
            -- Dual writes in the database: every write on \(trigger.from.value) reaches \(trigger.to.value) in the same transaction.
            BEGIN;
            CREATE OR REPLACE FUNCTION \(SQLText.identifier(functionName))() RETURNS trigger LANGUAGE plpgsql AS \(SQLText.dollarQuoted(body));
            DROP TRIGGER IF EXISTS \(SQLText.quoteIdentifierPart(triggerName)) ON \(SQLText.identifier(trigger.from.value));
            CREATE TRIGGER \(SQLText.quoteIdentifierPart(triggerName))
                AFTER INSERT OR UPDATE OR DELETE ON \(SQLText.identifier(trigger.from.value))
                FOR EACH ROW EXECUTE FUNCTION \(SQLText.identifier(functionName))();
            COMMIT;
            """
    }

    func drop() -> String {
        """
        DROP TRIGGER IF EXISTS \(SQLText.quoteIdentifierPart(triggerName)) ON \(SQLText.identifier(trigger.from.value));
        DROP FUNCTION IF EXISTS \(SQLText.identifier(functionName))();
        """
    }
}
