/// The backfill's bookkeeping: one row per migration and target in a small table, updated in
/// the same transaction as each batch, so a crashed run resumes where it stopped.
struct BackfillProgress {
    static let table = "glidepath_backfill_progress"

    let migration: String
    let target: String

    /// The condition that selects this backfill's row, on a table alias.
    func matches(alias: String) -> String {
        "\(alias).migration = \(SQLText.literal(migration)) AND \(alias).target = \(SQLText.literal(target))"
    }

    /// Records a committed batch: the last key it covered and the rows it wrote.
    func record(lastKey: String, rows: String) -> String {
        let table = SQLText.identifier(Self.table)
        return """
            INSERT INTO \(table) AS p (migration, target, last_key, rows_written, batches)
                    VALUES (\(SQLText.literal(migration)), \(SQLText.literal(target)), \(lastKey)::text, \(rows), 1)
                    ON CONFLICT (migration, target) DO UPDATE
                        SET last_key = EXCLUDED.last_key, rows_written = p.rows_written + EXCLUDED.rows_written,
                            batches = p.batches + 1, updated_at = now();
            """
    }

    func createTable() -> String {
        """
        CREATE TABLE IF NOT EXISTS \(SQLText.identifier(Self.table)) (
            migration text NOT NULL,
            target text NOT NULL,
            last_key text,
            rows_written bigint NOT NULL DEFAULT 0,
            batches bigint NOT NULL DEFAULT 0,
            updated_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (migration, target)
        );
        """
    }

    /// Removes this migration's row, and the table once no migration uses it.
    func forget() -> String {
        let table = SQLText.identifier(Self.table)
        let body = """
            BEGIN
                IF to_regclass(\(SQLText.literal(table))) IS NOT NULL THEN
                    DELETE FROM \(table) WHERE migration = \(SQLText.literal(migration));
                    IF NOT EXISTS (SELECT 1 FROM \(table)) THEN
                        DROP TABLE \(table);
                    END IF;
                END IF;
            END
            """
        return "-- The backfill's progress record of this migration.\nDO " + SQLText.dollarQuoted(body) + ";"
    }
}
