import Plan
import Units

/// The repair after a failed verify. The backfill only fills keys it has not reached, so it
/// cannot mend rows that drifted while dual writes were off; this walks every key of both
/// tables again, in locked batches like the backfill: rows missing from the new table are
/// copied, rows that differ are corrected, rows that exist only in the new table are deleted
/// (for an in-place fill, every row whose target columns differ is recomputed), up to the
/// highest key at its start. Its progress is kept apart from the backfill's and dropped when
/// it finishes, so the next repair starts from the first key again.
struct ReconcileSQL {
    let backfill: DataWork.Backfill
    let progress: BackfillProgress

    func body() -> [String] {
        [
            progress.createTable(),
            """
            -- statement_timeout would bound the whole walk below, not one batch: it is lifted for the
            -- walk only. Each batch is bounded by its size and every lock it takes by lock_timeout.
            SET statement_timeout = 0;
            """,
            "DO " + SQLText.dollarQuoted(loop()) + ";",
        ]
    }

    private var source: String { SQLText.identifier(backfill.from) }
    private var target: String { SQLText.identifier(backfill.to) }
    private var key: String { SQLText.identifier(backfill.key) }

    private func loop() -> String {
        let table = SQLText.identifier(BackfillProgress.table)
        let label = SQLText.literal("\(backfill.from) -> \(backfill.to)")
        let batch = CopyBatch(backfill: backfill, label: label, phase: "reconcile")
        let next = { (condition: String) -> String in
            let keys = { (table: String) in "(SELECT \(key) AS k FROM \(table)\(condition) ORDER BY \(key) LIMIT \(backfill.batchSize))" }
            let union = backfill.isInPlace ? keys(target) : "\(keys(source)) UNION ALL \(keys(target))"
            return
                "SELECT min(k), max(k) INTO batch_start, batch_end FROM (SELECT k FROM (\(union)) AS candidates ORDER BY k LIMIT \(backfill.batchSize)) AS batch;"
        }
        return """
            DECLARE
                last_key \(source).\(key)%TYPE;
                high_water \(source).\(key)%TYPE;
                batch_start \(source).\(key)%TYPE;
                batch_end \(source).\(key)%TYPE;
                repaired bigint;
                changed bigint;
                total bigint := 0;
                batch bigint := 0;
                attempt integer;
            BEGIN
                SELECT p.last_key INTO last_key FROM \(table) AS p WHERE \(progress.matches(alias: "p"));
                -- Rows above the highest key at the start are written with dual writes on (a
                -- precondition): the walk stops there instead of chasing a busy table's inserts.
                SELECT greatest(\(backfill.isInPlace ? "(SELECT max(\(key)) FROM \(target))" : "(SELECT max(\(key)) FROM \(source)), (SELECT max(\(key)) FROM \(target))")) INTO high_water;
                RAISE NOTICE 'reconcile %: keys after % up to %', \(label), coalesce(last_key::text, '(start)'), coalesce(high_water::text, '(empty)');
                LOOP
                    IF last_key IS NULL THEN
                        \(next(""))
                    ELSE
                        \(next(" WHERE \(key) > last_key"))
                    END IF;
                    EXIT WHEN batch_end IS NULL OR batch_start > high_water;
                    repaired := 0;
            \(SQLText.indent(batch.lockedWrite(range: "BETWEEN batch_start AND batch_end", counter: "repaired", reconcile: true), by: 8))
                    \(progress.record(lastKey: "batch_end", rows: "repaired"))
                    COMMIT;
                    last_key := batch_end;
                    total := total + repaired;
                    batch := batch + 1;
                    RAISE NOTICE 'reconcile %: batch %, keys % to %, % rows repaired', \(label), batch, batch_start, batch_end, repaired;
                    PERFORM pg_sleep(\(PlainDecimal.text(Double(backfill.sleep.milliseconds) / 1000)));
                END LOOP;
                DELETE FROM \(table) AS p WHERE \(progress.matches(alias: "p"));
                RAISE NOTICE 'reconcile % done: % rows repaired in % batches', \(label), total, batch;
            END
            """
    }
}
