import Diagnostics
import Foundation
import GlidepathCore
import TestSupport
import Testing

@testable import Check

/// Every rule of the SQL lint, run through the whole checker as a spec carries it: its unsafe
/// example fires it, its safe example fires no lint rule at all; and an accepted risk is
/// silenced, recorded in the plan and checked itself.
@Suite struct SQLLintRuleTests {
    /// A small spec whose data plan holds `sql` in `phase`.
    static func spec(_ example: SQLRule.Example, acknowledge: String? = nil) -> String {
        let block = example.sql.split(separator: "\n", omittingEmptySubsequences: false).map { "        " + $0 }.joined(separator: "\n")
        var operation = "    - sql: |\n\(block)\n"
        if example.phase == .expand { operation += "      undo: SELECT 1;\n" }
        if let acknowledge { operation += "      acknowledge: { \(acknowledge): \"accepted in the test\" }\n" }
        return """
            apiVersion: glidepath.dev/v1alpha1
            kind: Migration
            metadata:
              name: lint-example
              service: orders
              owners: [team-orders]
            workload:
              deployment: orders
            data:
              database: app
              postgresVersion: \(example.postgresVersion ?? 14)
              expand:\(example.phase == .expand ? "\n" + operation : " []\n")
              contract:\(example.phase == .contract ? "\n" + operation : " []\n")
            """
    }

    static func lintIDs(_ yaml: String) -> [String] {
        Glidepath.check(bytes: Array(yaml.utf8), path: "lint.yaml").diagnostics.all.map(\.id).filter { $0.hasPrefix("check.sql-") }
    }

    @Test(arguments: SQLRule.all.map(\.id)) func unsafeExampleFiresAndSafeExampleDoesNot(_ id: String) throws {
        let rule = try #require(SQLRule.all.first { $0.id == id })
        let unsafe = Self.lintIDs(Self.spec(rule.unsafe))
        #expect(unsafe.contains("check." + rule.diagnosticID), "unsafe example of \(id) gave \(unsafe)")
        let safe = Self.lintIDs(Self.spec(rule.safe))
        #expect(safe.isEmpty, "safe example of \(id) gave \(safe)")
    }

    @Test func everyRuleHasAnIdADescriptionAndAWayOut() {
        #expect(Set(SQLRule.all.map(\.id)).count == SQLRule.all.count)
        for rule in SQLRule.all {
            #expect(!rule.problem.isEmpty && !rule.remedy.isEmpty, "\(rule.id)")
            #expect(rule.id.allSatisfy { $0.isLowercase || $0 == "-" }, "\(rule.id)")
        }
    }

    @Test func acknowledgedRiskIsSilencedAndReachesThePlan() throws {
        let yaml = Self.spec(SQLRule.setNotNull.unsafe, acknowledge: "sql-set-not-null")
        let checked = Glidepath.check(bytes: Array(yaml.utf8), path: "lint.yaml")
        #expect(!checked.diagnostics.all.contains { $0.id.hasPrefix("check.sql-") }, "\(checked.diagnostics.all.map(\.id))")
        let risks = try #require(checked.plan?.data?.acceptedRisks)
        #expect(risks.map(\.rule) == ["sql-set-not-null"])
        #expect(risks.first?.reason == "accepted in the test" && risks.first?.phase == "contract")
    }

    @Test func acknowledgementsAreCheckedThemselves() {
        let unused = Self.lintIDs(Self.spec(SQLRule.setNotNull.safe, acknowledge: "sql-set-not-null"))
        #expect(unused == ["check.sql-acknowledge-unused"])
        let unknown = Self.lintIDs(Self.spec(SQLRule.setNotNull.unsafe, acknowledge: "sql-set-not-nul"))
        #expect(unknown.contains("check.sql-acknowledge-unknown-rule") && unknown.contains("check.sql-set-not-null"))
    }

    @Test func versionDecidesTheVersionDependentRules() {
        let enumInTransaction = SQLRule.enumValueInTransaction.unsafe
        #expect(Self.lintIDs(Self.spec(.init(.expand, enumInTransaction.sql, postgresVersion: 12))).isEmpty)
        let setNotNull = SQLRule.setNotNull.safe
        #expect(Self.lintIDs(Self.spec(.init(.contract, setNotNull.sql, postgresVersion: 11))) == ["check.sql-set-not-null"])
        let detach = SQLRule.detachPartitionNotConcurrent.safe
        #expect(
            Self.lintIDs(Self.spec(.init(.contract, detach.sql, postgresVersion: 13))).isEmpty, "the parser reads it; 13 has no such option"
        )
    }

    @Test func syntaxNewerThanTheParserSaysSo() {
        let yaml = Self.spec(.init(.expand, "ALTER TABLE orders ALTER COLUMN total SET EXPRESSION AS (qty * 2);", postgresVersion: 17))
        let diagnostics = Glidepath.check(bytes: Array(yaml.utf8), path: "lint.yaml").diagnostics.all
        let syntax = diagnostics.first { $0.id == "check.sql-syntax" }
        #expect(syntax?.notes.contains { $0.message.contains("PostgreSQL 15 syntax; data.postgresVersion is 17") } == true)
    }

    @Test func theDataPlansOwnNotNullCheckLetsContractSetNotNull() throws {
        var text = String(decoding: try readBytes(packageRoot + "/examples/orders-shipping-zone.yaml"), as: UTF8.self)
        let setNotNull = "  contract:\n    - sql: ALTER TABLE orders ALTER COLUMN qty SET NOT NULL;\n"
        text = text.replacingOccurrences(of: "  contract:\n", with: setNotNull)
        #expect(Self.lintIDs(text) == ["check.sql-set-not-null"])
        let check = "    - addConstraint: { table: orders, name: orders_qty_present, check: \"qty IS NOT NULL\" }\n  backfill:\n"
        text = text.replacingOccurrences(of: "  backfill:\n", with: check)
        #expect(Self.lintIDs(text).isEmpty)
    }

    /// Patterns that look unsafe and are not: the lint stays quiet on them.
    @Test(arguments: [
        "UPDATE orders SET zone = 'eu' WHERE id IN (SELECT id FROM orders WHERE zone IS NULL LIMIT 1000);",
        "UPDATE orders SET zone = 'eu' WHERE id >= 1 AND id < 1001;",
        "DELETE FROM orders_tmp WHERE id BETWEEN 1 AND 500;",
        "CREATE TABLE IF NOT EXISTS audit (id bigint);\nCREATE INDEX IF NOT EXISTS audit_id ON audit (id);",
        "CREATE TABLE IF NOT EXISTS audit (id bigint);\nALTER TABLE audit ADD CONSTRAINT audit_id_positive CHECK (id > 0);",
        "CREATE FUNCTION orders_note() RETURNS text AS 'SELECT ''a constant long enough to pass sixty-three bytes and not a name''' LANGUAGE sql;",
    ])
    func falseAlarmsStayQuiet(_ sql: String) {
        #expect(Self.lintIDs(Self.spec(.init(.expand, sql))).isEmpty)
    }

    @Test func quotedNamesAreMeasuredToo() {
        let long = String(repeating: "x", count: 64)
        let tooLong = "ALTER TABLE orders ADD COLUMN IF NOT EXISTS \"\(long)\" text;"
        #expect(Self.lintIDs(Self.spec(.init(.expand, tooLong))) == ["check.sql-identifier-too-long"])
        let fits = "ALTER TABLE orders ADD COLUMN IF NOT EXISTS \"\(long.dropLast())\" text;"
        #expect(Self.lintIDs(Self.spec(.init(.expand, fits))).isEmpty)
    }

    @Test func docsListEveryRule() throws {
        try Golden.expect("docs/sql-lint.md", equals: SQLLintDocs.markdown())
    }
}
