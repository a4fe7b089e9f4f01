import Diagnostics
import Spec
import Units

/// The messages of the data-plan checks and the SQL safety lint.
extension CheckMessages {
    static func sqlSyntax(_ message: String, newerThanParser: (spec: Int, parser: Int)?, at range: SourceRange) -> Diagnostic {
        let notes =
            newerThanParser.map {
                [
                    "glidepath's SQL parser reads PostgreSQL \($0.parser) syntax; data.postgresVersion is \($0.spec), "
                        + "and syntax added after \($0.parser) is not recognised"
                ]
            } ?? []
        return error("sql-syntax", "PostgreSQL cannot parse this SQL: \(message)", range, notes)
    }

    static func emptySQL(_ range: SourceRange) -> Diagnostic {
        error("sql-empty", "this SQL holds no statement", range)
    }

    static func notOneFragment(_ what: String, at range: SourceRange) -> Diagnostic {
        error(
            "sql-not-one-\(what)", "expected one SQL \(what), and nothing after it", range,
            ["it is placed inside a generated statement, so it must be a single \(what)"])
    }

    static func commentInFragment(_ what: String, at range: SourceRange) -> Diagnostic {
        error(
            "sql-comment-in-fragment", "a comment in a SQL \(what) could hide what glidepath writes after it", range,
            [
                "the \(what) is placed inside a generated statement ('... \(what == "type" ? "text -- NOT NULL" : "'eu' -- ;")' would drop the rest of the line); remove the comment"
            ])
    }

    static func unsafeSQL(_ finding: SQLFinding, phase: SQLPhase, at range: SourceRange) -> Diagnostic {
        let message = "unsafe in the \(phase.rawValue) phase: \(finding.problem)"
        let notes = [finding.remedy, "to accept the risk, add 'acknowledge: { \(finding.rule.diagnosticID): REASON }' next to 'sql'"]
        return finding.rule.severity == .error
            ? error(finding.rule.diagnosticID, message, range, notes) : warning(finding.rule.diagnosticID, message, range, notes)
    }

    static func acknowledgeUnknownRule(_ rule: String, at range: SourceRange) -> Diagnostic {
        let guess = Suggestion.closest(to: rule, among: SQLRule.all.map(\.diagnosticID))
        return error(
            "sql-acknowledge-unknown-rule", "'\(rule)' is not a rule of the SQL lint", range,
            [guess.map { "did you mean '\($0)'?" } ?? "docs/sql-lint.md lists the rules"])
    }

    static func acknowledgeWithoutReason(_ rule: String, at range: SourceRange) -> Diagnostic {
        error(
            "sql-acknowledge-without-reason", "accepting '\(rule)' needs a reason", range,
            ["say why the risk is acceptable here: reviewers read it in the runbook"])
    }

    static func acknowledgeNotSQL(_ rule: String, at range: SourceRange) -> Diagnostic {
        error(
            "sql-acknowledge-not-sql", "'acknowledge' applies to raw 'sql' only", range,
            ["the structured operations generate safe SQL; remove the acknowledgement of '\(rule)'"])
    }

    static func acknowledgeUnused(_ rule: String, at range: SourceRange) -> Diagnostic {
        warning(
            "sql-acknowledge-unused", "'\(rule)' is acknowledged but this SQL does not break it", range,
            ["remove the acknowledgement, so the runbook lists only risks that are real"])
    }

    static func engineUnsupported(_ engine: Located<String>) -> Diagnostic {
        error(
            "data-engine-unsupported", "glidepath generates SQL for postgres only; '\(engine.value)' is not supported yet",
            engine.range, ["use 'engine: postgres', or leave the data plan out and write the \(engine.value) phases by hand"])
    }

    static func expandAfterCanary(_ moment: Located<Moment>) -> Diagnostic {
        error(
            "data-expand-after-canary", "the expand phase must be applied before the first canary weight, not at \(moment.value)",
            moment.range, ["the first canary pods already run the new code, which needs the new schema; use 'before-rollout'"])
    }

    static func momentNotAStep(_ moment: Located<Moment>, weights: [Int]) -> Diagnostic {
        error(
            "data-moment-not-a-step", "\(moment.value) matches no canary step", moment.range,
            ["steps are at " + weights.map { "\($0)%" }.joined(separator: ", ")])
    }

    static func readFlipWithoutFlag(_ moment: Located<Moment>) -> Diagnostic {
        warning("data-read-flip-without-flag", "a read flip is scheduled, but no 'flags.readFlip' flag flips reads", moment.range)
    }

    static func readFlipBeforeVerify(readFlip: Moment, at range: SourceRange, backfill: Located<Moment>) -> Diagnostic {
        var diagnostic = error(
            "data-read-flip-before-verify",
            "reads flip at \(readFlip), before the backfill and its verification at \(backfill.value)", range,
            ["reads from the new store before it is filled and verified return missing or wrong rows"])
        diagnostic.notes.append(DiagnosticNote("the backfill is scheduled here", at: backfill.range))
        return diagnostic
    }

    static func backfillWithoutDualWrites(_ backfill: Backfill) -> Diagnostic {
        error(
            "data-backfill-without-dual-writes",
            "nothing writes to \(backfill.to.value) during and after the backfill, so rows written meanwhile never reach it",
            backfill.range, ["set 'flags.dualWrite', or add a 'dualWriteTrigger' in expand"])
    }

    static func readFlipWithoutDualWrites(_ flag: Located<String>) -> Diagnostic {
        error(
            "data-read-flip-without-dual-writes", "reads flip to the new store, but no dual writes keep it current", flag.range,
            ["set 'flags.dualWrite', or add a 'dualWriteTrigger' in expand"])
    }

    static func inPlaceWithoutTransform(_ column: Located<String>) -> Diagnostic {
        error(
            "data-in-place-without-transform", "an in-place backfill needs a 'transform' expression for \(column.value)",
            column.range, ["copying a column onto itself changes nothing"])
    }

    static func inPlaceOverwrites(_ column: Located<String>, table: String) -> Diagnostic {
        warning(
            "data-in-place-overwrites", "the backfill overwrites \(table).\(column.value), which the expand phase did not add",
            column.range, ["the old values are gone after it runs and no rollback file can restore them"])
    }

    static func keyNotCopied(_ key: Located<String>, to table: String) -> Diagnostic {
        error(
            "data-key-not-copied", "the backfill does not copy its key \(key.value) into \(table)", key.range,
            ["add \(key.value) to 'columns'; the copy is matched on it"])
    }

    static func targetKeyNotUnique(_ key: Located<String>, table: Located<String>) -> Diagnostic {
        var diagnostic = error(
            "data-target-key-not-unique",
            "\(table.value) must have \(key.value) as its primary key, which the backfill's ON CONFLICT relies on", key.range,
            ["mark \(key.value) 'primaryKey: true' in the createTable, and no other column"])
        diagnostic.notes.append(DiagnosticNote("the table is created here", at: table.range))
        return diagnostic
    }

    static func transformForUnknownColumn(_ column: String, at range: SourceRange) -> Diagnostic {
        error("data-transform-unknown-column", "'transform' names \(column), which is not in the backfill's 'columns'", range)
    }

    static func contractWithoutSoak(at range: SourceRange) -> Diagnostic {
        error(
            "data-contract-without-soak", "the contract phase needs a soak period after 100%, but 'cutover.soak' is 0s", range,
            ["contract is the point of no return; let both paths run for a while first (the seed suggests 24-72h)"])
    }

    static func contractDropsNewStructure(_ object: String, at range: SourceRange, createdAt: SourceRange) -> Diagnostic {
        var diagnostic = error(
            "data-contract-drops-new", "contract drops \(object), which the expand phase created", range,
            ["contract removes what the old code used; the new code needs \(object)"])
        diagnostic.notes.append(DiagnosticNote("created here", at: createdAt))
        return diagnostic
    }

    static func contractDropsStillRead(_ table: String, at range: SourceRange) -> Diagnostic {
        error(
            "data-contract-drops-still-read", "contract drops \(table), but reads never flip away from it", range,
            ["set 'flags.readFlip' so reads move to the new store before contract"])
    }

    static func rawSQLWithoutUndo(_ range: SourceRange) -> Diagnostic {
        warning(
            "data-raw-sql-without-undo", "910-rollback-expand.sql cannot undo this raw SQL", range,
            ["add 'undo:' next to 'sql:' with the statements that reverse it"])
    }

    static func clusterRunnerWithoutSecret(_ runner: Located<String>) -> Diagnostic {
        error(
            "cluster-runner-without-secret", "the cluster's Jobs need the Secret that holds the connection URI", runner.range,
            ["set data.connection.secret (and secretKey, default 'uri'); no connection string is ever written into a generated file"])
    }

    static func runContractWithoutContract(_ flag: Located<Bool>) -> Diagnostic {
        error("run-contract-without-contract", "'runContract' is set, and the data plan has no contract phase", flag.range)
    }

    static func runContractWithoutCluster(_ flag: Located<Bool>) -> Diagnostic {
        error(
            "run-contract-without-cluster", "'runContract' publishes the contract's Job, which only runner 'cluster' has", flag.range,
            ["set 'runner: cluster', or leave the contract to the person who runs the phases"])
    }

    static func moveWithExpandContract(_ range: SourceRange) -> Diagnostic {
        error(
            "move-with-expand-contract", "a move to another database and expand/contract phases cannot share one data plan", range,
            ["split them into two migrations: the move first, then the schema change on the new database"])
    }

    static func moveToItself(_ variable: Located<String>) -> Diagnostic {
        error(
            "move-to-itself", "source and target read the same variable '\(variable.value)': a move needs two databases", variable.range,
            ["name the target's connection URI in its own variable, e.g. ORDERS_DATABASE_URL"])
    }

    static func moveInCluster(_ runner: Located<String>) -> Diagnostic {
        error(
            "move-in-cluster",
            "runner 'cluster' does not run a move to another database: its steps pass values between two databases through a shell",
            runner.range, ["leave runner at 'person': the runbook gives every step's commands"])
    }

    static func tableMovedTwice(_ table: Located<String>) -> Diagnostic {
        error("table-moved-twice", "table '\(table.value)' is listed twice in data.move.tables", table.range)
    }
}
