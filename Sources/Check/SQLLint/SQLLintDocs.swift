/// `docs/sql-lint.md`: every rule of the SQL lint with its phase, severity, why, the safe way,
/// how it depends on the PostgreSQL version, and an unsafe and a safe example (each run
/// through the checker by the tests).
public enum SQLLintDocs {
    public static func markdown() -> String {
        var out = """
            # The SQL safety lint

            <!-- Generated from Sources/Check/SQLLint/SQLRule+Catalogue.swift; do not edit by hand. -->

            Every piece of SQL in a spec's data plan (raw `sql:` in expand and contract, types,
            defaults, check expressions, backfill transforms) is parsed by PostgreSQL's own parser
            (libpg_query, PostgreSQL 15 grammar) and each statement is held against the rules
            below, knowing the phase it runs in: expand runs while the old code still serves
            traffic, contract only after 100% and the soak. What is legitimate in contract (drops,
            revokes, renamed schemas) is not flagged there; what blocks or breaks the old pods is
            flagged before it. The lint reads the statements of one snippet in order, so it knows
            an open `BEGIN`, a table created a few lines above (safe to index at once), a constraint
            added `NOT VALID` and validated in the same transaction, and a validated
            `CHECK (column IS NOT NULL)` that lets `SET NOT NULL` skip its scan (the data plan's own
            `addConstraint` checks count as validated in contract).

            Errors stop `glidepath check`; warnings are shown. A diagnostic's id is `check.` and the
            rule's id; its notes give the safe way.

            ## PostgreSQL version

            `data.postgresVersion` (default 14, the oldest release the PostgreSQL project still
            supports; 11 to 18 accepted) is the release the SQL runs on. The rules that depend on it
            say how below. SQL written for a release newer than the parser's grammar (PostgreSQL 15)
            may use syntax the parser does not know: the syntax error then says which version the
            parser reads and which the spec names.

            ## Accepting a risk

            A raw `sql` operation may accept rules, each with its reason:

            ```yaml
            contract:
              - sql: ALTER TABLE orders ALTER COLUMN shipping_zone SET NOT NULL;
                acknowledge:
                  sql-set-not-null: "orders holds 2,000 rows; the scan takes milliseconds"
            ```

            The rule is then not reported for that SQL; the runbook's data-plan section lists every
            accepted risk with its reason, so reviewers see it. An unknown rule, an empty reason, an
            acknowledgement on a structured operation and one that this SQL does not need are
            reported.

            ## Rules

            | rule | severity | applies in | |
            |---|---|---|---|

            """
        for rule in SQLRule.all {
            out +=
                "| [`\(rule.diagnosticID)`](#\(rule.diagnosticID)) | \(rule.severity.rawValue) | \(rule.scope.rawValue) | \(rule.problem) |\n"
        }
        for rule in SQLRule.all {
            out += "\n### \(rule.diagnosticID)\n\n"
            out += "\(rule.severity.rawValue.capitalized), \(rule.scope.rawValue). \(sentence(rule.problem))\n\n"
            out += "Instead: \(rule.remedy).\n"
            if let version = rule.version { out += "\nPostgreSQL version: \(version).\n" }
            out += "\nUnsafe (\(describe(rule.unsafe))):\n\n```sql\n\(rule.unsafe.sql)\n```\n"
            out += "\nSafe (\(describe(rule.safe))):\n\n```sql\n\(rule.safe.sql)\n```\n"
        }
        out += """

            ## Left out

            - `ALTER COLUMN ... SET EXPRESSION` (PostgreSQL 17) cannot be parsed by the PostgreSQL 15
              grammar; it is reported as a syntax error that names both versions rather than linted.
            - Whether a type change only widens a varchar depends on the live column, which the lint
              cannot see: `sql-column-type-widening` is a warning to confirm and acknowledge.
            - Style rules that do not make a migration unsafe (squawk's `prefer-bigint`,
              `prefer-text-field`, `prefer-timestamptz`) are not part of the lint.
            - `CREATE OR REPLACE` and `REVOKE` cannot know whether the old code uses the object: they
              are flagged before contract and can be acknowledged.

            """
        return out
    }

    private static func describe(_ example: SQLRule.Example) -> String {
        "in \(example.phase.rawValue)" + (example.postgresVersion.map { ", postgresVersion \($0)" } ?? "")
    }

    private static func sentence(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst() + "."
    }
}
