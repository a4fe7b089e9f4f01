import Diagnostics
import PostgresSyntax
import Spec
import Units

/// Unsafe DDL in the wrong phase, in the spirit of squawk and strong_migrations: every SQL text
/// in the data plan is parsed by PostgreSQL's parser, and each finding says why it is unsafe
/// online and what to do instead.
enum SQLSafetyCheck: Check {
    enum Phase: String { case expand, contract }

    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics) {
        guard let data = context.spec.data else { return }
        let snippets = SQLSnippets(source: context.source)
        for operation in data.expand {
            switch operation {
            case .addColumn(let add):
                snippets.fragment(.type, add.type, into: &diagnostics)
                let defaultValue = add.defaultExpression.flatMap { snippets.fragment(.expression, $0, into: &diagnostics) }
                if !add.nullable.value, add.defaultExpression == nil {
                    diagnostics.append(
                        CheckMessages.unsafeSQL(.notNullWithoutDefault, phase: Phase.expand.rawValue, at: add.nullable.range))
                }
                if let defaultValue, let expression = add.defaultExpression, let function = VolatileFunctions.first(in: defaultValue) {
                    diagnostics.append(
                        CheckMessages.unsafeSQL(.volatileDefault(function), phase: Phase.expand.rawValue, at: expression.range))
                }
            case .createTable(_, let columns, _):
                for column in columns { snippets.fragment(.type, column.type, into: &diagnostics) }
            case .addCheckConstraint(_, _, let expression, _):
                snippets.fragment(.expression, expression, into: &diagnostics)
            case .sql(let snippet, let undo):
                lint(snippet, phase: .expand, snippets: snippets, into: &diagnostics)
                if let undo { _ = snippets.statements(undo, into: &diagnostics) }
            case .createIndex, .addForeignKey, .dualWriteTrigger:
                break
            }
        }
        for (_, expression) in data.backfill?.transform ?? [] {
            snippets.fragment(.expression, expression, into: &diagnostics)
        }
        for case .sql(let snippet) in data.contract {
            lint(snippet, phase: .contract, snippets: snippets, into: &diagnostics)
        }
    }

    static func lint(_ snippet: Located<String>, phase: Phase, snippets: SQLSnippets, into diagnostics: inout Diagnostics) {
        guard let tree = snippets.statements(snippet, into: &diagnostics) else { return }
        for statement in tree.statements {
            let range = snippets.range(of: statement, in: tree, snippet: snippet)
            for finding in findings(in: statement, phase: phase) {
                diagnostics.append(CheckMessages.unsafeSQL(finding, phase: phase.rawValue, at: range))
            }
        }
    }

    /// What is unsafe about one statement in one phase.
    static func findings(in statement: SQLStatement, phase: Phase) -> [UnsafeSQL] {
        let body = statement.body
        switch statement.kind {
        case "RenameStmt":
            return [.rename]
        case "DropStmt":
            return phase == .contract ? [] : [.dropBeforeContract]
        case "TruncateStmt":
            return [.truncate]
        case "IndexStmt":
            var found: [UnsafeSQL] = []
            if !(body["concurrent"]?.isTrue ?? false) { found.append(.indexNotConcurrent) }
            if !(body["if_not_exists"]?.isTrue ?? false) { found.append(.notRerunnable("CREATE INDEX without IF NOT EXISTS")) }
            return found
        case "CreateStmt":
            return body["if_not_exists"]?.isTrue == true ? [] : [.notRerunnable("CREATE TABLE without IF NOT EXISTS")]
        case "UpdateStmt", "DeleteStmt":
            return phase == .expand ? [.unbatchedWrite] : []
        case "LockStmt":
            return [.explicitLock]
        case "ClusterStmt", "VacuumStmt":
            let full = body["options"]?.items.contains { $0["DefElem"]?["defname"]?.string == "full" } ?? false
            return statement.kind == "ClusterStmt" || full ? [.tableRewrite] : []
        case "AlterTableStmt":
            return body["cmds"]?.items.flatMap { command -> [UnsafeSQL] in
                guard let cmd = command["AlterTableCmd"] else { return [] }
                return findings(inAlterCommand: cmd, phase: phase)
            } ?? []
        default:
            return []
        }
    }

    private static func findings(inAlterCommand cmd: SQLNode, phase: Phase) -> [UnsafeSQL] {
        switch cmd["subtype"]?.string {
        case "AT_DropColumn", "AT_DropConstraint":
            return phase == .contract ? [] : [.dropBeforeContract]
        case "AT_AlterColumnType":
            return [.typeChange]
        case "AT_SetNotNull":
            return [.setNotNull]
        case "AT_AddColumn":
            let constraints = cmd["def"]?["ColumnDef"]?["constraints"]?.items.compactMap { $0["Constraint"] } ?? []
            let kinds = constraints.compactMap { $0["contype"]?.string }
            var found: [UnsafeSQL] = []
            if kinds.contains("CONSTR_NOTNULL"), !kinds.contains("CONSTR_DEFAULT") { found.append(.notNullWithoutDefault) }
            if let defaultExpression = constraints.first(where: { $0["contype"]?.string == "CONSTR_DEFAULT" })?["raw_expr"],
                let function = VolatileFunctions.first(in: defaultExpression)
            {
                found.append(.volatileDefault(function))
            }
            if kinds.contains("CONSTR_PRIMARY") || kinds.contains("CONSTR_UNIQUE") { found.append(.inlineIndex) }
            if !(cmd["missing_ok"]?.isTrue ?? false) { found.append(.notRerunnable("ADD COLUMN without IF NOT EXISTS")) }
            return found
        case "AT_AddConstraint":
            guard let constraint = cmd["def"]?["Constraint"] else { return [] }
            switch constraint["contype"]?.string {
            case "CONSTR_CHECK", "CONSTR_FOREIGN":
                return constraint["skip_validation"]?.isTrue == true ? [] : [.constraintValidated]
            case "CONSTR_PRIMARY", "CONSTR_UNIQUE":
                return constraint["indexname"] == nil ? [.inlineIndex] : []
            default:
                return []
            }
        default:
            return []
        }
    }
}

/// One unsafe pattern: why it hurts online, and the safe way.
enum UnsafeSQL: Equatable {
    case rename, dropBeforeContract, truncate, indexNotConcurrent, unbatchedWrite, explicitLock, tableRewrite
    case typeChange, setNotNull, notNullWithoutDefault
    case volatileDefault(String)
    case inlineIndex, constraintValidated
    case notRerunnable(String)

    var isError: Bool {
        switch self {
        case .setNotNull, .unbatchedWrite, .explicitLock, .notRerunnable: false
        default: true
        }
    }

    var id: String {
        switch self {
        case .rename: "rename"
        case .dropBeforeContract: "drop-before-contract"
        case .truncate: "truncate"
        case .indexNotConcurrent: "index-not-concurrent"
        case .unbatchedWrite: "unbatched-write"
        case .explicitLock: "explicit-lock"
        case .tableRewrite: "table-rewrite"
        case .typeChange: "column-type-change"
        case .setNotNull: "set-not-null"
        case .notNullWithoutDefault: "not-null-without-default"
        case .volatileDefault: "volatile-default"
        case .inlineIndex: "index-under-lock"
        case .constraintValidated: "constraint-without-not-valid"
        case .notRerunnable: "not-rerunnable"
        }
    }

    var problem: String {
        switch self {
        case .rename: "renaming a table or column breaks the old code that still uses the old name"
        case .dropBeforeContract: "DROP before the contract phase removes what the old code and a rollback still need"
        case .truncate: "TRUNCATE deletes every row under an ACCESS EXCLUSIVE lock"
        case .indexNotConcurrent: "CREATE INDEX without CONCURRENTLY blocks every write to the table while it builds"
        case .unbatchedWrite: "an UPDATE or DELETE over a whole table holds its row locks until it commits"
        case .explicitLock: "LOCK TABLE queues every other statement behind it"
        case .tableRewrite: "VACUUM FULL and CLUSTER rewrite the table under an ACCESS EXCLUSIVE lock"
        case .typeChange: "changing a column's type rewrites the table under an ACCESS EXCLUSIVE lock and breaks old code"
        case .setNotNull: "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock"
        case .notNullWithoutDefault: "a NOT NULL column without a default fails on existing rows and on inserts by old code"
        case .volatileDefault(let function): "a volatile default (\(function)()) rewrites the whole table under an ACCESS EXCLUSIVE lock"
        case .inlineIndex: "a PRIMARY KEY or UNIQUE constraint builds its index while holding a lock that blocks writes"
        case .constraintValidated: "adding a CHECK or FOREIGN KEY constraint scans the table while blocking writes"
        case .notRerunnable(let what): "\(what) fails when the phase runs again"
        }
    }

    var remedy: String {
        switch self {
        case .rename: "add the new name (addColumn or createTable), dual-write, backfill, and drop the old one in contract"
        case .dropBeforeContract: "move the removal to 'contract', which runs only after 100% and the soak"
        case .truncate: "delete in batches in a backfill, or drop the table in contract"
        case .indexNotConcurrent: "use 'createIndex' (built CONCURRENTLY) or CREATE INDEX CONCURRENTLY IF NOT EXISTS"
        case .unbatchedWrite: "use 'backfill', which writes in batches with a pause between them"
        case .explicitLock: "remove it; lock_timeout already bounds every statement's wait"
        case .tableRewrite: "use pg_repack, or leave it out of the migration"
        case .typeChange: "add a column of the new type, dual-write, backfill it, and drop the old column in contract"
        case .setNotNull: "add CHECK (column IS NOT NULL) NOT VALID, validate it, then SET NOT NULL, which then skips the scan"
        case .notNullWithoutDefault: "make the column nullable, or give it a constant default"
        case .volatileDefault: "add the column without a default, backfill it in batches, then set the default"
        case .inlineIndex: "build a unique index CONCURRENTLY first, then ADD CONSTRAINT ... USING INDEX"
        case .constraintValidated: "add it NOT VALID ('addConstraint' does), then VALIDATE CONSTRAINT in a later phase"
        case .notRerunnable: "add IF NOT EXISTS, so a re-run after a lock timeout is safe"
        }
    }
}
