import Plan
import Spec

/// The batched backfill: keyset pagination on the key, one transaction per batch, progress
/// committed with each batch; rows already present are left alone (ON CONFLICT DO NOTHING, or
/// IS DISTINCT FROM for an in-place fill), so a re-run after a crash continues and never
/// duplicates.
struct BackfillSQL {
    let backfill: Backfill
    let progress: BackfillProgress

    func body() -> [String] {
        [
            progress.createTable(),
            """
            -- statement_timeout would bound the whole loop below, not one batch: it is lifted for the
            -- loop only. Each batch is bounded by its size and every lock it takes by lock_timeout.
            SET statement_timeout = 0;
            """,
            "DO " + SQLText.dollarQuoted(loop()) + ";",
        ]
    }

    private var source: String { SQLText.identifier(backfill.from.value) }
    private var target: String { SQLText.identifier(backfill.to.value) }
    private var key: String { SQLText.identifier(backfill.key.value) }

    private func loop() -> String {
        let table = SQLText.identifier(BackfillProgress.table)
        let label = "\(backfill.from.value) -> \(backfill.to.value)"
        let bounds = { (condition: String) in
            "SELECT min(k), max(k) INTO batch_start, batch_end FROM (SELECT \(key) AS k FROM \(source)\(condition) ORDER BY \(key) LIMIT \(backfill.batchSize)) AS batch;"
        }
        let sleep = Double(backfill.sleep.milliseconds) / 1000
        return """
            DECLARE
                last_key \(source).\(key)%TYPE;
                high_water \(source).\(key)%TYPE;
                batch_start \(source).\(key)%TYPE;
                batch_end \(source).\(key)%TYPE;
                written bigint;
                total bigint := 0;
                batch bigint := 0;
            BEGIN
                SELECT p.last_key INTO last_key FROM \(table) AS p WHERE \(progress.matches(alias: "p"));
                -- Rows above the highest key at the start were written with dual writes on (a
                -- precondition), so they are already there: stopping here keeps a busy table
                -- from turning the copy into an endless chase.
                SELECT max(\(key)) INTO high_water FROM \(source);
                RAISE NOTICE 'backfill %: keys after % up to %', \(SQLText.literal(label)), coalesce(last_key::text, '(start)'), coalesce(high_water::text, '(empty)');
                LOOP
                    IF last_key IS NULL THEN
                        \(bounds(""))
                    ELSE
                        \(bounds(" WHERE \(key) > last_key"))
                    END IF;
                    EXIT WHEN batch_end IS NULL OR batch_start > high_water;
            \(write().split(separator: "\n").map { "        " + $0 }.joined(separator: "\n"))
                    GET DIAGNOSTICS written = ROW_COUNT;
                    INSERT INTO \(table) AS p (migration, target, last_key, rows_written, batches)
                    VALUES (\(SQLText.literal(progress.migration)), \(SQLText.literal(progress.target)), batch_end::text, written, 1)
                    ON CONFLICT (migration, target) DO UPDATE
                        SET last_key = EXCLUDED.last_key, rows_written = p.rows_written + EXCLUDED.rows_written,
                            batches = p.batches + 1, updated_at = now();
                    COMMIT;
                    last_key := batch_end;
                    total := total + written;
                    batch := batch + 1;
                    RAISE NOTICE 'backfill %: batch %, keys % to %, % rows written', \(SQLText.literal(label)), batch, batch_start, batch_end, written;
                    PERFORM pg_sleep(\(PlainDecimal.text(sleep)));
                END LOOP;
                RAISE NOTICE 'backfill % done: % rows written in % batches this run', \(SQLText.literal(label)), total, batch;
            END
            """
    }

    /// One batch's write, for the keys batch_start..batch_end.
    private func write() -> String {
        let inBatch = "\(key) BETWEEN batch_start AND batch_end"
        if backfill.isInPlace {
            let assignments = backfill.columns.map { column in
                "\(SQLText.identifier(column.value)) = (\(expression(for: column.value)))"
            }
            let changed = backfill.columns.map { column in
                "\(SQLText.identifier(column.value)) IS DISTINCT FROM (\(expression(for: column.value)))"
            }
            return """
                UPDATE \(target) SET \(assignments.joined(separator: ", "))
                 WHERE \(inBatch)
                   AND (\(changed.joined(separator: " OR ")));
                """
        }
        let columns = backfill.columns.map { SQLText.identifier($0.value) }
        let values = backfill.columns.map { column in
            backfill.sourceExpression(for: column.value).map { "(\($0.value))" } ?? SQLText.identifier(column.value)
        }
        return """
            INSERT INTO \(target) (\(columns.joined(separator: ", ")))
            SELECT \(values.joined(separator: ", "))
              FROM \(source)
             WHERE \(inBatch)
            ON CONFLICT (\(key)) DO NOTHING;
            """
    }

    private func expression(for column: String) -> String {
        backfill.sourceExpression(for: column)?.value ?? SQLText.identifier(column)
    }
}
