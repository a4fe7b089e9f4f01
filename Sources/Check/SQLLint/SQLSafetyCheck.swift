import Diagnostics
import Plan
import PostgresSyntax
import Spec
import Units

/// Unsafe SQL in the wrong phase, in the spirit of squawk and strong_migrations: every SQL text
/// in the data plan is parsed by PostgreSQL's parser, and each finding says why it is unsafe
/// online and what to do instead. A raw `sql` operation may accept a rule with a reason; the
/// accepted risks go into the plan, so the runbook shows them to reviewers.
enum SQLSafetyCheck: Check {
    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics) {
        guard let data = context.spec.data else { return }
        diagnostics.append(contentsOf: evaluate(data, source: context.source).diagnostics)
    }

    /// The lint's findings as diagnostics, and the findings the spec accepts.
    static func evaluate(_ data: DataPlan, source: SourceFile?) -> (diagnostics: Diagnostics, accepted: [DataWork.AcceptedRisk]) {
        var run = Run(
            snippets: SQLSnippets(source: source, postgresVersion: data.postgresVersion.value), version: data.postgresVersion.value)
        run.checkAcknowledgements(data)
        for (index, operation) in data.expand.enumerated() {
            switch operation {
            case .addColumn(let add):
                run.snippets.fragment(.type, add.type, into: &run.diagnostics)
                let defaultValue = add.defaultExpression.flatMap { run.snippets.fragment(.expression, $0, into: &run.diagnostics) }
                if !add.nullable.value, add.defaultExpression == nil {
                    run.diagnostics.append(
                        CheckMessages.unsafeSQL(SQLFinding(.notNullWithoutDefault), phase: .expand, at: add.nullable.range))
                }
                if let defaultValue, let expression = add.defaultExpression, let function = VolatileFunctions.first(in: defaultValue) {
                    let finding = SQLFinding(
                        .volatileDefault,
                        problem: "a volatile default (\(function)()) rewrites the whole table under an ACCESS EXCLUSIVE lock")
                    run.diagnostics.append(CheckMessages.unsafeSQL(finding, phase: .expand, at: expression.range))
                }
            case .createTable(_, let columns, _):
                for column in columns { run.snippets.fragment(.type, column.type, into: &run.diagnostics) }
            case .addCheckConstraint(_, _, let expression, _):
                run.snippets.fragment(.expression, expression, into: &run.diagnostics)
            case .sql(let snippet, let undo):
                run.lint(
                    snippet, phase: .expand, acknowledged: data.acknowledgements.filter { $0.phase == .expand && $0.operation == index })
                if let undo { _ = run.snippets.statements(undo, into: &run.diagnostics) }
            case .createIndex, .addForeignKey, .dualWriteTrigger:
                break
            }
        }
        for (_, expression) in data.backfill?.transform ?? [] {
            run.snippets.fragment(.expression, expression, into: &run.diagnostics)
        }
        // The plan's own CHECK (column IS NOT NULL) constraints are validated by 025-validate.sql
        // before contract, so a contract SET NOT NULL on that column skips its scan.
        var validated: Set<SQLLinter.Column> = []
        for case .addCheckConstraint(let table, _, let expression, _) in data.expand {
            var ignored = Diagnostics()
            if let column = SQLLinter.notNullColumn(run.snippets.fragment(.expression, expression, into: &ignored)) {
                validated.insert(SQLLinter.Column(table: table.value, column: column))
            }
        }
        for (index, operation) in data.contract.enumerated() {
            guard case .sql(let snippet) = operation else { continue }
            run.lint(
                snippet, phase: .contract, acknowledged: data.acknowledgements.filter { $0.phase == .contract && $0.operation == index },
                validatedNotNull: validated)
        }
        return (run.diagnostics, run.accepted)
    }

    /// One pass over the data plan: the diagnostics so far and the accepted risks.
    private struct Run {
        var snippets: SQLSnippets
        let version: Int
        var diagnostics = Diagnostics()
        var accepted: [DataWork.AcceptedRisk] = []

        init(snippets: SQLSnippets, version: Int) {
            self.snippets = snippets
            self.version = version
        }

        mutating func checkAcknowledgements(_ data: DataPlan) {
            for acknowledgement in data.acknowledgements {
                let range = acknowledgement.reason.range
                if SQLRule.named(acknowledgement.rule) == nil {
                    diagnostics.append(CheckMessages.acknowledgeUnknownRule(acknowledgement.rule, at: range))
                }
                if acknowledgement.reason.value.allSatisfy(\.isWhitespace) {
                    diagnostics.append(CheckMessages.acknowledgeWithoutReason(acknowledgement.rule, at: range))
                }
                let isSQL: Bool
                switch acknowledgement.phase {
                case .expand:
                    isSQL = data.expand.indices.contains(acknowledgement.operation) && data.expand[acknowledgement.operation].isSQL
                case .contract:
                    isSQL = data.contract.indices.contains(acknowledgement.operation) && data.contract[acknowledgement.operation].isSQL
                }
                if !isSQL { diagnostics.append(CheckMessages.acknowledgeNotSQL(acknowledgement.rule, at: range)) }
            }
        }

        mutating func lint(
            _ snippet: Located<String>, phase: SQLPhase, acknowledged: [SQLAcknowledgement], validatedNotNull: Set<SQLLinter.Column> = []
        ) {
            guard let tree = snippets.statements(snippet, into: &diagnostics) else { return }
            var linter = SQLLinter(phase: phase, postgresVersion: version, validatedNotNull: validatedNotNull)
            var findings: [(range: SourceRange, finding: SQLFinding)] = []
            var last = snippet.range
            let longNames = IdentifierLength.tooLong(in: snippet.value)
            for statement in tree.statements {
                last = snippets.range(of: statement, in: tree, snippet: snippet)
                findings += linter.lint(statement).map { (last, $0) }
                // The last statement's length is 0 in libpg_query: it runs to the end of the text.
                let inside = statement.byteOffset..<(statement.byteLength > 0 ? statement.byteOffset + statement.byteLength : Int.max)
                findings += longNames.filter { inside.contains($0.offset) }.map { (last, IdentifierLength.finding($0.name)) }
            }
            findings += linter.atEnd().map { (last, $0) }
            var used: Set<String> = []
            for (range, finding) in findings {
                let rule = finding.rule.diagnosticID
                guard let acknowledgement = acknowledged.first(where: { $0.rule == rule }) else {
                    diagnostics.append(CheckMessages.unsafeSQL(finding, phase: phase, at: range))
                    continue
                }
                guard used.insert(rule).inserted else { continue }
                accepted.append(
                    DataWork.AcceptedRisk(
                        phase: phase.rawValue, line: snippet.range.start.line, rule: rule, problem: finding.problem,
                        reason: acknowledgement.reason.value))
            }
            for acknowledgement in acknowledged where !used.contains(acknowledgement.rule) && SQLRule.named(acknowledgement.rule) != nil {
                diagnostics.append(CheckMessages.acknowledgeUnused(acknowledgement.rule, at: acknowledgement.reason.range))
            }
        }
    }
}

extension ExpandOperation {
    fileprivate var isSQL: Bool { if case .sql = self { true } else { false } }
}

extension ContractOperation {
    fileprivate var isSQL: Bool { if case .sql = self { true } else { false } }
}
