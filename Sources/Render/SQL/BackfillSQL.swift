import Plan
import Units

/// The batched backfill: keyset pagination on the key, one transaction per batch, progress
/// committed with each batch; rows already present are left alone (ON CONFLICT DO NOTHING, or
/// IS DISTINCT FROM for an in-place fill), so a re-run after a crash continues and never
/// duplicates. Each batch locks its source rows before it copies them (`CopyBatch`), so a
/// row deleted or changed while the batch runs can never be brought back or left stale.
struct BackfillSQL {
    let backfill: DataWork.Backfill
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

    private var source: String { SQLText.identifier(backfill.from) }
    private var key: String { SQLText.identifier(backfill.key) }

    private func loop() -> String {
        let table = SQLText.identifier(BackfillProgress.table)
        let label = SQLText.literal("\(backfill.from) -> \(backfill.to)")
        let bounds = { (condition: String) in
            "SELECT min(k), max(k) INTO batch_start, batch_end FROM (SELECT \(key) AS k FROM \(source)\(condition) ORDER BY \(key) LIMIT \(backfill.batchSize)) AS batch;"
        }
        let batch = CopyBatch(backfill: backfill, label: label, phase: "backfill")
        return """
            DECLARE
                last_key \(source).\(key)%TYPE;
                high_water \(source).\(key)%TYPE;
                batch_start \(source).\(key)%TYPE;
                batch_end \(source).\(key)%TYPE;
                written bigint;
                total bigint := 0;
                batch bigint := 0;
                attempt integer;
            BEGIN
                SELECT p.last_key INTO last_key FROM \(table) AS p WHERE \(progress.matches(alias: "p"));
                -- Rows above the highest key at the start were written with dual writes on (a
                -- precondition), so they are already there: stopping here keeps a busy table
                -- from turning the copy into an endless chase.
                SELECT max(\(key)) INTO high_water FROM \(source);
                RAISE NOTICE 'backfill %: keys after % up to %', \(label), coalesce(last_key::text, '(start)'), coalesce(high_water::text, '(empty)');
                LOOP
                    IF last_key IS NULL THEN
                        \(bounds(""))
                    ELSE
                        \(bounds(" WHERE \(key) > last_key"))
                    END IF;
                    EXIT WHEN batch_end IS NULL OR batch_start > high_water;
            \(SQLText.indent(batch.lockedWrite(range: "BETWEEN batch_start AND batch_end", counter: "written"), by: 8))
                    \(progress.record(lastKey: "batch_end", rows: "written"))
                    COMMIT;
                    last_key := batch_end;
                    total := total + written;
                    batch := batch + 1;
                    RAISE NOTICE 'backfill %: batch %, keys % to %, % rows written', \(label), batch, batch_start, batch_end, written;
                    PERFORM pg_sleep(\(PlainDecimal.text(Double(backfill.sleep.milliseconds) / 1000)));
                END LOOP;
                RAISE NOTICE 'backfill % done: % rows written in % batches this run', \(label), total, batch;
            END
            """
    }
}

/// One batch's write under the lock that makes it safe next to live writers: the batch's
/// source rows are locked (`FOR SHARE`, or `FOR NO KEY UPDATE` for an in-place fill) before
/// anything is copied, so a writer that deletes or changes one of them waits for the batch to
/// commit, and its dual write (flag or trigger) lands after the copy instead of before it.
/// The lock is taken with NOWAIT: a batch never waits behind a writer, so it can never be half
/// of a deadlock; a batch that meets a locked row rolls back to its savepoint and tries again.
struct CopyBatch {
    let backfill: DataWork.Backfill
    let label: String
    /// `backfill` or `reconcile`, for the error a stuck batch raises.
    let phase: String
    /// Attempts before the run stops with an error (and a re-run resumes the batch).
    static let attempts = 50

    private var source: String { SQLText.identifier(backfill.from) }
    private var target: String { SQLText.identifier(backfill.to) }
    private var key: String { SQLText.identifier(backfill.key) }

    /// The locked write of the keys `key <range>`; the row count lands in `counter`.
    func lockedWrite(range: String, counter: String, reconcile: Bool = false) -> String {
        let lock = backfill.isInPlace ? "FOR NO KEY UPDATE NOWAIT" : "FOR SHARE NOWAIT"
        var statements = ["PERFORM 1 FROM \(source) WHERE \(key) \(range) \(lock);"]
        if reconcile, !backfill.isInPlace {
            statements.append(removeOrphans(range: range, counter: counter))
        }
        statements.append(write(range: range, reconcile: reconcile))
        statements.append(
            reconcile && !backfill.isInPlace
                ? "GET DIAGNOSTICS changed = ROW_COUNT;\n\(counter) := \(counter) + changed;"
                : "GET DIAGNOSTICS \(counter) = ROW_COUNT;")
        return """
            attempt := 0;
            LOOP
                BEGIN
            \(SQLText.indent(statements.joined(separator: "\n"), by: 8))
                    EXIT;
                EXCEPTION WHEN lock_not_available THEN
                    -- A writer holds a row of this batch: let it finish, then try the batch again.
                    attempt := attempt + 1;
                    IF attempt >= \(Self.attempts) THEN
                        RAISE EXCEPTION '\(phase) %: rows of this batch stayed locked by writers through % attempts', \(label), attempt
                            USING HINT = 'Run the file again when the writes calm down; it resumes with this batch.';
                    END IF;
                    PERFORM pg_sleep(least(0.5, 0.01 * attempt));
                END;
            END LOOP;
            """
    }

    /// Rows of the new table in the range that have no source row any more.
    private func removeOrphans(range: String, counter: String) -> String {
        """
        DELETE FROM \(target) AS t
         WHERE t.\(key) IN (SELECT o.\(key) FROM \(target) AS o
                             WHERE o.\(key) \(range)
                               AND NOT EXISTS (SELECT 1 FROM \(source) AS s WHERE s.\(key) = o.\(key))
                               FOR UPDATE NOWAIT);
        GET DIAGNOSTICS \(counter) = ROW_COUNT;
        """
    }

    private func write(range: String, reconcile: Bool) -> String {
        let inBatch = "\(key) \(range)"
        if backfill.isInPlace {
            let assignments = backfill.columns.map { column in
                "\(SQLText.identifier(column)) = (\(expression(for: column)))"
            }
            let changed = backfill.columns.map { column in
                "\(SQLText.identifier(column)) IS DISTINCT FROM (\(expression(for: column)))"
            }
            return """
                UPDATE \(target) SET \(assignments.joined(separator: ", "))
                 WHERE \(inBatch)
                   AND (\(changed.joined(separator: " OR ")));
                """
        }
        let columns = backfill.columns.map(SQLText.identifier)
        let values = backfill.columns.map { column in
            backfill.sourceExpression(for: column).map { "(\($0))" } ?? SQLText.identifier(column)
        }
        let others = backfill.columns.filter { $0 != backfill.key }.map(SQLText.identifier)
        let conflict: String
        if reconcile, !others.isEmpty {
            let current = others.map { "existing.\($0)" }.joined(separator: ", ")
            let incoming = others.map { "EXCLUDED.\($0)" }.joined(separator: ", ")
            conflict =
                "DO UPDATE SET " + others.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
                + "\n    WHERE ROW(\(current)) IS DISTINCT FROM ROW(\(incoming))"
        } else {
            conflict = "DO NOTHING"
        }
        return """
            INSERT INTO \(target) AS existing (\(columns.joined(separator: ", ")))
            SELECT \(values.joined(separator: ", "))
              FROM \(source)
             WHERE \(inBatch)
            ON CONFLICT (\(key)) \(conflict);
            """
    }

    private func expression(for column: String) -> String {
        backfill.sourceExpression(for: column) ?? SQLText.identifier(column)
    }
}
