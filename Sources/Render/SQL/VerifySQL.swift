import Plan
import Units

/// Parity checks between the old and the new data, read-only and in one snapshot (REPEATABLE
/// READ), so rows in flight cannot make the two sides disagree: rows missing or different in
/// the new table, and rows that exist only there (deleted from the old table, or brought back
/// by a copy). The figures are printed either way; parity beyond `maxMismatch` raises an error,
/// which fails the psql run.
struct VerifySQL {
    let backfill: DataWork.Backfill
    let verify: DataWork.Verification
    /// The repair file a broken parity points to.
    let repairFile: String

    func body() -> [String] {
        [
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;",
            "DO " + SQLText.dollarQuoted(block()) + ";",
            "COMMIT;",
        ]
    }

    private var source: String { SQLText.identifier(backfill.from) }
    private var target: String { SQLText.identifier(backfill.to) }
    private var key: String { SQLText.identifier(backfill.key) }
    private var limit: String { PlainDecimal.text(verify.maxMismatch) }

    /// The source rows as the target should hold them: the key, then each target column.
    private func expected(sample: Bool) -> String {
        let values =
            [key]
            + backfill.columns.filter { $0 != backfill.key }.map { column in
                guard let expression = backfill.sourceExpression(for: column) else { return SQLText.identifier(column) }
                return "(\(expression)) AS \(SQLText.identifier(column))"
            }
        return "SELECT \(values.joined(separator: ", ")) FROM \(source)\(sampling(sample))"
    }

    /// A Bernoulli sample of `sampleRate` percent of the rows, or every row.
    private func sampling(_ sample: Bool) -> String {
        sample ? " TABLESAMPLE BERNOULLI (\(PlainDecimal.text(verify.sampleRate)))" : ""
    }

    private var comparedColumns: [String] {
        backfill.columns.filter { $0 != backfill.key }.map(SQLText.identifier)
    }

    private func differs(_ left: String, _ right: String) -> String {
        let columns = comparedColumns
        guard !columns.isEmpty else { return "false" }
        let row = { (alias: String) in "(" + columns.map { "\(alias).\($0)" }.joined(separator: ", ") + ")" }
        return columns.count == 1
            ? "\(left).\(columns[0]) IS DISTINCT FROM \(right).\(columns[0])"
            : "ROW\(row(left)) IS DISTINCT FROM ROW\(row(right))"
    }

    private func block() -> String {
        var checks: [String] = []
        var report: [String] = []
        var failures: [String] = []
        let label = SQLText.literal("\(backfill.from) -> \(backfill.to)")
        if verify.counts, !backfill.isInPlace {
            checks.append(
                """
                SELECT count(*) INTO source_rows FROM \(source);
                SELECT count(*) INTO target_rows FROM \(target);
                count_rate := abs(source_rows - target_rows) * 100.0 / greatest(source_rows, 1);
                """)
            report.append(
                "RAISE NOTICE 'verify %: rows % and %, count mismatch %', \(label), source_rows, target_rows, round(count_rate, 4) || '%';")
            failures.append("count_rate > \(limit)")
        }
        if verify.sampleRate > 0 {
            if backfill.isInPlace {
                checks.append(inPlaceCheck(sample: true, into: "sampled, sample_mismatches"))
            } else {
                checks.append(
                    """
                    SELECT count(*), count(*) FILTER (WHERE t.\(key) IS NULL OR \(differs("s", "t")))
                      INTO sampled, sample_mismatches
                      FROM (\(expected(sample: true))) AS s
                      LEFT JOIN \(target) AS t ON t.\(key) = s.\(key);
                    -- A row deleted from the old table must be gone from the new one too: sample the new
                    -- table for rows the old one no longer has.
                    SELECT count(*), count(*) FILTER (WHERE s.\(key) IS NULL)
                      INTO sampled_new, sample_only_new
                      FROM \(target) AS t\(sampling(true))
                      LEFT JOIN \(source) AS s ON s.\(key) = t.\(key);
                    """)
            }
            checks.append("sample_rate := sample_mismatches * 100.0 / greatest(sampled, 1);")
            report.append(
                "RAISE NOTICE 'verify %: % sampled rows, % missing or different in the new table (%)', \(label), sampled, sample_mismatches, round(sample_rate, 4) || '%';"
            )
            failures.append("sample_rate > \(limit)")
            if !backfill.isInPlace {
                checks.append("only_new_rate := sample_only_new * 100.0 / greatest(sampled_new, 1);")
                report.append(
                    "RAISE NOTICE 'verify %: % sampled rows of the new table, % exist only there (%)', \(label), sampled_new, sample_only_new, round(only_new_rate, 4) || '%';"
                )
                failures.append("only_new_rate > \(limit)")
            }
        }
        if verify.checksum {
            if backfill.isInPlace {
                checks.append(inPlaceCheck(sample: false, into: "compared, full_mismatches"))
                report.append(
                    "RAISE NOTICE 'verify %: every row compared (%), % differ (%)', \(label), compared, full_mismatches, round(full_rate, 4) || '%';"
                )
            } else {
                checks.append(
                    """
                    SELECT count(*) FILTER (WHERE s.\(key) IS NOT NULL),
                           count(*) FILTER (WHERE t.\(key) IS NULL),
                           count(*) FILTER (WHERE s.\(key) IS NULL),
                           count(*) FILTER (WHERE s.\(key) IS NOT NULL AND t.\(key) IS NOT NULL AND \(differs("s", "t")))
                      INTO compared, missing_new, only_new, differing
                      FROM (\(expected(sample: false))) AS s
                      FULL JOIN \(target) AS t ON t.\(key) = s.\(key);
                    full_mismatches := missing_new + only_new + differing;
                    """)
                report.append(
                    "RAISE NOTICE 'verify %: every row compared (%): % missing in the new table, % only in the new table, % differ (%)', \(label), compared, missing_new, only_new, differing, round(full_rate, 4) || '%';"
                )
            }
            checks.append("full_rate := full_mismatches * 100.0 / greatest(compared, 1);")
            failures.append("full_rate > \(limit)")
        }
        let verdict =
            failures.isEmpty
            ? "RAISE NOTICE 'verify %: no checks enabled', \(label);"
            : """
            IF \(failures.joined(separator: " OR ")) THEN
                RAISE EXCEPTION 'verify %: parity broken, mismatch above the limit of \(limit)%%', \(label)
                    USING HINT = 'Do not flip reads or contract. Check that dual writes are on, then run \(repairFile) and this file again.';
            END IF;
            RAISE NOTICE 'verify %: parity holds (limit \(limit)%%)', \(label);
            """
        let indent = { (text: String) in
            text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        }
        return """
            DECLARE
                source_rows bigint := 0;
                target_rows bigint := 0;
                sampled bigint := 0;
                sample_mismatches bigint := 0;
                compared bigint := 0;
                full_mismatches bigint := 0;
                missing_new bigint := 0;
                only_new bigint := 0;
                differing bigint := 0;
                sampled_new bigint := 0;
                sample_only_new bigint := 0;
                count_rate numeric := 0;
                only_new_rate numeric := 0;
                sample_rate numeric := 0;
                full_rate numeric := 0;
            BEGIN
            \(indent((checks + report + [verdict]).joined(separator: "\n")))
            END
            """
    }

    /// For a fill within one table: rows whose target columns differ from their expressions.
    private func inPlaceCheck(sample: Bool, into variables: String) -> String {
        let differing = backfill.columns.map { column in
            "\(SQLText.identifier(column)) IS DISTINCT FROM (\(backfill.sourceExpression(for: column) ?? SQLText.identifier(column)))"
        }
        return """
            SELECT count(*), count(*) FILTER (WHERE \(differing.joined(separator: " OR ")))
              INTO \(variables)
              FROM \(target)\(sampling(sample));
            """
    }
}
