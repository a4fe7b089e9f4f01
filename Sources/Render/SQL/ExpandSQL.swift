import Plan

/// The expand phase and its undo. Each operation is its own transaction (autocommit), so a
/// lock is held for one statement only; each is guarded, so the file can always run again.
struct ExpandSQL {
    let operations: [DataWork.SchemaChange]
    let progress: BackfillProgress?

    func forward() -> [String] {
        operations.map(apply)
    }

    /// The undo, in reverse order, then the backfill's bookkeeping.
    func rollback() -> [String] {
        (progress.map { [$0.forget()] } ?? []) + operations.reversed().map(undo)
    }

    private func apply(_ operation: DataWork.SchemaChange) -> String {
        switch operation {
        case .addColumn(let table, let column, let type, let nullable, let defaultExpression):
            var definition = "\(SQLText.identifier(column)) \(type)"
            if !nullable { definition += " NOT NULL" }
            // Parenthesised, so the expression ends where glidepath says, whatever it holds.
            if let defaultExpression { definition += " DEFAULT (\(defaultExpression))" }
            return "ALTER TABLE \(SQLText.identifier(table)) ADD COLUMN IF NOT EXISTS \(definition);"

        case .createTable(let name, let columns):
            var lines = columns.map { column in
                "    \(SQLText.identifier(column.name)) \(column.type)" + (column.nullable && !column.primaryKey ? "" : " NOT NULL")
            }
            let key = columns.filter(\.primaryKey).map { SQLText.identifier($0.name) }
            if !key.isEmpty { lines.append("    PRIMARY KEY (\(key.joined(separator: ", ")))") }
            return "CREATE TABLE IF NOT EXISTS \(SQLText.identifier(name)) (\n" + lines.joined(separator: ",\n") + "\n);"

        case .createIndex(let table, let name, let columns, let unique):
            let qualified = SQLText.sibling(name, of: table)
            return """
                -- CREATE INDEX CONCURRENTLY runs outside a transaction and does not block writes. A build
                -- that failed earlier leaves an invalid index behind: drop it first, or IF NOT EXISTS would keep it.
                SELECT format('DROP INDEX CONCURRENTLY IF EXISTS %s', indexrelid::regclass)
                  FROM pg_index
                 WHERE indexrelid = to_regclass(\(SQLText.literal(SQLText.identifier(qualified)))) AND NOT indisvalid
                \\gexec
                CREATE \(unique ? "UNIQUE " : "")INDEX CONCURRENTLY IF NOT EXISTS \(SQLText.quoteIdentifierPart(SQLText.bareName(name)))
                    ON \(SQLText.identifier(table)) (\(columns.map(SQLText.identifier).joined(separator: ", ")));
                """

        case .addCheck(let table, let name, let expression):
            return addConstraint(table: table, name: name, definition: "CHECK (\(expression))")

        case .addForeignKey(let table, let name, let columns, let references, let referencedColumns):
            let definition =
                "FOREIGN KEY (\(columns.map(SQLText.identifier).joined(separator: ", "))) REFERENCES "
                + "\(SQLText.identifier(references)) (\(referencedColumns.map(SQLText.identifier).joined(separator: ", ")))"
            return addConstraint(table: table, name: name, definition: definition)

        case .dualWriteTrigger(let trigger):
            return DualWriteTriggerSQL(trigger: trigger).create()

        case .sql(let snippet, _, let line):
            return "-- Raw SQL from the spec, line \(line).\n" + SQLText.statementText(snippet)
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

    private func undo(_ operation: DataWork.SchemaChange) -> String {
        switch operation {
        case .addColumn(let table, let column, _, _, _):
            return "ALTER TABLE IF EXISTS \(SQLText.identifier(table)) DROP COLUMN IF EXISTS \(SQLText.identifier(column));"
        case .createTable(let name, _):
            return "DROP TABLE IF EXISTS \(SQLText.identifier(name));"
        case .createIndex(let table, let name, _, _):
            return "DROP INDEX CONCURRENTLY IF EXISTS \(SQLText.identifier(SQLText.sibling(name, of: table)));"
        case .addCheck(let table, let name, _), .addForeignKey(let table, let name, _, _, _):
            return "ALTER TABLE IF EXISTS \(SQLText.identifier(table)) DROP CONSTRAINT IF EXISTS \(SQLText.quoteIdentifierPart(name));"
        case .dualWriteTrigger(let trigger):
            return DualWriteTriggerSQL(trigger: trigger).drop()
        case .sql(_, let undo, let line):
            guard let undo else {
                return "-- The raw SQL at spec line \(line) has no 'undo:'; undo it by hand."
            }
            return "-- Undo of the raw SQL at spec line \(line).\n" + SQLText.statementText(undo)
        }
    }
}

/// A trigger that copies every write on the old table into the new one, in the writer's own
/// transaction, so the two cannot drift while it exists.
struct DualWriteTriggerSQL {
    let trigger: DataWork.DualWriteTrigger

    var triggerName: String { "glidepath_dual_write_" + SQLText.bareName(trigger.to) }
    var functionName: String { SQLText.sibling(triggerName, of: trigger.from) }

    func create() -> String {
        let target = SQLText.identifier(trigger.to)
        let key = SQLText.identifier(trigger.key)
        let columns = trigger.columns.map(SQLText.identifier)
        let updates = trigger.columns.filter { $0 != trigger.key }.map(SQLText.identifier)
        let conflict =
            updates.isEmpty
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
            -- Dual writes in the database: every write on \(trigger.from) reaches \(trigger.to) in the same transaction.
            BEGIN;
            CREATE OR REPLACE FUNCTION \(SQLText.identifier(functionName))() RETURNS trigger LANGUAGE plpgsql AS \(SQLText.dollarQuoted(body));
            DROP TRIGGER IF EXISTS \(SQLText.quoteIdentifierPart(triggerName)) ON \(SQLText.identifier(trigger.from));
            CREATE TRIGGER \(SQLText.quoteIdentifierPart(triggerName))
                AFTER INSERT OR UPDATE OR DELETE ON \(SQLText.identifier(trigger.from))
                FOR EACH ROW EXECUTE FUNCTION \(SQLText.identifier(functionName))();
            COMMIT;
            """
    }

    func drop() -> String {
        """
        DROP TRIGGER IF EXISTS \(SQLText.quoteIdentifierPart(triggerName)) ON \(SQLText.identifier(trigger.from));
        DROP FUNCTION IF EXISTS \(SQLText.identifier(functionName))();
        """
    }
}
