/// The phase a piece of raw SQL runs in: expand (old and new code both live, before and during
/// the canary) or contract (after 100% and the soak, the point of no return).
enum SQLPhase: String, Sendable {
    case expand, contract
}

/// One rule of the SQL safety lint: what it catches, why that hurts a table serving traffic (or
/// the old pods still running), the safe way, and an unsafe and a safe example that
/// `docs/sql-lint.md` shows and the tests run through the checker.
struct SQLRule: Sendable, Equatable {
    enum Severity: String, Sendable { case error, warning }

    /// Where the rule applies.
    enum Scope: String, Sendable {
        case everyPhase = "every phase"
        case beforeContract = "expand (before contract)"
    }

    struct Example: Sendable {
        var phase: SQLPhase
        var sql: String
        /// `data.postgresVersion` for the example, when the rule depends on it.
        var postgresVersion: Int?

        init(_ phase: SQLPhase, _ sql: String, postgresVersion: Int? = nil) {
            self.phase = phase
            self.sql = sql
            self.postgresVersion = postgresVersion
        }
    }

    /// Without the `sql-` prefix the diagnostic carries (`check.sql-rename`).
    var id: String
    var severity: Severity
    var scope: Scope
    var problem: String
    var remedy: String
    /// How the rule depends on `data.postgresVersion`, when it does.
    var version: String?
    var unsafe: Example
    var safe: Example

    /// The id a spec uses in `acknowledge:` and a diagnostic shows.
    var diagnosticID: String { "sql-" + id }

    static func == (lhs: SQLRule, rhs: SQLRule) -> Bool { lhs.id == rhs.id }

    static func named(_ diagnosticID: String) -> SQLRule? { all.first { $0.diagnosticID == diagnosticID } }
}

/// What one statement breaks: the rule, and its wording for this case.
struct SQLFinding: Sendable, Equatable {
    var rule: SQLRule
    var problem: String
    var remedy: String

    init(_ rule: SQLRule, problem: String? = nil, remedy: String? = nil) {
        self.rule = rule
        self.problem = problem ?? rule.problem
        self.remedy = remedy ?? rule.remedy
    }
}
