import PostgresSyntax

/// Lints the statements of one SQL snippet in order, remembering what earlier statements did:
/// an open transaction, tables created here (safe to index or constrain at once), constraints
/// added NOT VALID in the open transaction, and CHECK (column IS NOT NULL) constraints known to
/// be validated, which let SET NOT NULL skip its scan.
struct SQLLinter {
    struct Column: Hashable {
        var table: String
        var column: String
    }

    let phase: SQLPhase
    let postgresVersion: Int
    /// NOT NULL checks validated before this snippet runs (the data plan's own constraints,
    /// validated by 025-validate.sql before contract).
    private(set) var validatedNotNull: Set<Column>

    private var inTransaction = false
    private var createdTables: Set<String> = []
    private var notValidInTransaction: Set<String> = []
    /// Constraint (`table.name`) -> the column its CHECK (column IS NOT NULL) covers.
    private var notNullChecks: [String: Column] = [:]

    init(phase: SQLPhase, postgresVersion: Int, validatedNotNull: Set<Column> = []) {
        self.phase = phase
        self.postgresVersion = postgresVersion
        self.validatedNotNull = validatedNotNull
    }

    var beforeContract: Bool { phase == .expand }

    /// The findings of the next statement.
    mutating func lint(_ statement: SQLStatement) -> [SQLFinding] {
        var found: [SQLFinding] = []
        let body = statement.body
        switch statement.kind {
        case "TransactionStmt":
            switch body["kind"]?.string {
            case "TRANS_STMT_BEGIN", "TRANS_STMT_START": inTransaction = true
            case "TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK", "TRANS_STMT_PREPARE", "TRANS_STMT_COMMIT_PREPARED":
                inTransaction = false
                notValidInTransaction = []
            default: break
            }
        case "RenameStmt":
            found.append(SQLFinding(.rename))
        case "DropStmt":
            if beforeContract { found.append(SQLFinding(.dropBeforeContract)) }
            if body["removeType"]?.string == "OBJECT_INDEX" {
                if body["concurrent"]?.isTrue == true {
                    found += concurrently()
                } else {
                    found.append(SQLFinding(.dropIndexNotConcurrent))
                }
            }
        case "DropdbStmt":
            found.append(SQLFinding(.dropDatabase))
        case "TruncateStmt":
            found.append(SQLFinding(.truncate))
        case "IndexStmt":
            let table = Self.tableName(body["relation"])
            if body["concurrent"]?.isTrue == true {
                found += concurrently()
            } else if !createdTables.contains(table) {
                found.append(SQLFinding(.indexNotConcurrent))
            }
            if !(body["if_not_exists"]?.isTrue ?? false) {
                found.append(SQLFinding(.notRerunnable, problem: "CREATE INDEX without IF NOT EXISTS fails when the phase runs again"))
            }
        case "CreateStmt":
            createdTables.insert(Self.tableName(body["relation"]))
            if !(body["if_not_exists"]?.isTrue ?? false) {
                found.append(SQLFinding(.notRerunnable, problem: "CREATE TABLE without IF NOT EXISTS fails when the phase runs again"))
            }
        case "UpdateStmt", "DeleteStmt":
            if beforeContract && !Self.isBatched(body) { found.append(SQLFinding(.unbatchedWrite)) }
        case "LockStmt":
            found.append(SQLFinding(.explicitLock))
        case "ClusterStmt":
            found.append(SQLFinding(.tableRewrite))
        case "VacuumStmt":
            if body["options"]?.items.contains(where: { $0["DefElem"]?["defname"]?.string == "full" }) == true {
                found.append(SQLFinding(.tableRewrite))
            }
        case "ReindexStmt":
            if body["params"]?.items.contains(where: { $0["DefElem"]?["defname"]?.string == "concurrently" }) == true {
                found += concurrently()
            } else {
                found.append(
                    postgresVersion < 12
                        ? SQLFinding(
                            .reindexNotConcurrent, remedy: "on PostgreSQL \(postgresVersion), build a new index CONCURRENTLY and swap it in"
                        )
                        : SQLFinding(.reindexNotConcurrent))
            }
        case "AlterTableStmt":
            let table = Self.tableName(body["relation"])
            var addedHere: Set<String> = []
            for command in body["cmds"]?.items ?? [] {
                guard let cmd = command["AlterTableCmd"] else { continue }
                found += alter(cmd, table: table, addedHere: &addedHere)
            }
        case "CreateDomainStmt":
            if body["constraints"]?.items.contains(where: { $0["Constraint"]?["contype"]?.string == "CONSTR_CHECK" }) == true {
                found.append(SQLFinding(.domainWithCheck))
            }
        case "AlterDomainStmt":
            if body["subtype"]?.string == "C", body["def"]?["Constraint"]?["skip_validation"]?.isTrue != true {
                found.append(SQLFinding(.domainAddConstraint))
            }
        case "AlterObjectSchemaStmt":
            if beforeContract { found.append(SQLFinding(.setSchema)) }
        case "AlterSeqStmt":
            let risky: Set<String> = ["restart", "start", "minvalue", "maxvalue", "increment", "cycle", "as"]
            let options = body["options"]?.items.compactMap { $0["DefElem"]?["defname"]?.string } ?? []
            if let option = options.first(where: risky.contains) {
                found.append(
                    SQLFinding(.sequenceChange, problem: "ALTER SEQUENCE ... \(option.uppercased()): " + SQLRule.sequenceChange.problem))
            }
        case "GrantStmt":
            if beforeContract && !(body["is_grant"]?.isTrue ?? false) { found.append(SQLFinding(.revoke)) }
        case "ViewStmt", "CreateFunctionStmt":
            if beforeContract && body["replace"]?.isTrue == true { found.append(SQLFinding(.createOrReplace)) }
        case "AlterEnumStmt":
            if inTransaction && postgresVersion < 12 { found.append(SQLFinding(.enumValueInTransaction)) }
            if body["newValNeighbor"]?.string != nil { found.append(SQLFinding(.enumValueOrder)) }
            if body["newVal"]?.string != nil, !(body["skipIfNewValExists"]?.isTrue ?? false) {
                found.append(
                    SQLFinding(.notRerunnable, problem: "ALTER TYPE ... ADD VALUE without IF NOT EXISTS fails when the phase runs again"))
            }
        default:
            break
        }
        return found
    }

    /// What is still wrong once the snippet has ended.
    func atEnd() -> [SQLFinding] {
        inTransaction ? [SQLFinding(.transactionLeftOpen)] : []
    }

    private func concurrently() -> [SQLFinding] {
        inTransaction ? [SQLFinding(.concurrentInTransaction)] : []
    }

    private mutating func alter(_ cmd: SQLNode, table: String, addedHere: inout Set<String>) -> [SQLFinding] {
        let isNew = createdTables.contains(table)
        let column = cmd["name"]?.string ?? ""
        switch cmd["subtype"]?.string {
        case "AT_DropColumn", "AT_DropConstraint":
            return beforeContract ? [SQLFinding(.dropBeforeContract)] : []
        case "AT_AlterColumnType":
            let type = cmd["def"]?["ColumnDef"]?["typeName"]?["names"]?.nameParts.last ?? ""
            return ["varchar", "text"].contains(type) ? [SQLFinding(.typeWidening)] : [SQLFinding(.typeChange)]
        case "AT_SetNotNull":
            if postgresVersion >= 12 && validatedNotNull.contains(Column(table: table, column: column)) { return [] }
            return postgresVersion < 12
                ? [
                    SQLFinding(
                        .setNotNull,
                        remedy:
                            "on PostgreSQL \(postgresVersion) SET NOT NULL always scans: plan a window, or keep the CHECK constraint instead"
                    )
                ]
                : [SQLFinding(.setNotNull)]
        case "AT_DropNotNull":
            return beforeContract ? [SQLFinding(.dropNotNull)] : []
        case "AT_ColumnDefault":
            return beforeContract && cmd["def"] == nil ? [SQLFinding(.dropDefault)] : []
        case "AT_AddColumn":
            return addColumn(cmd, onNewTable: isNew)
        case "AT_AddConstraint":
            guard let constraint = cmd["def"]?["Constraint"] else { return [] }
            let name = table + "." + (constraint["conname"]?.string ?? "")
            switch constraint["contype"]?.string {
            case "CONSTR_CHECK", "CONSTR_FOREIGN":
                if let checked = Self.notNullColumn(constraint["raw_expr"]) {
                    notNullChecks[name] = Column(table: table, column: checked)
                }
                if constraint["skip_validation"]?.isTrue == true {
                    addedHere.insert(name)
                    if inTransaction { notValidInTransaction.insert(name) }
                    return []
                }
                if let covered = notNullChecks[name] { validatedNotNull.insert(covered) }
                return isNew ? [] : [SQLFinding(.constraintValidated)]
            case "CONSTR_PRIMARY", "CONSTR_UNIQUE":
                return constraint["indexname"] == nil && !isNew ? [SQLFinding(.inlineIndex)] : []
            case "CONSTR_EXCLUSION":
                return isNew ? [] : [SQLFinding(.exclusionConstraint)]
            default:
                return []
            }
        case "AT_ValidateConstraint":
            let name = table + "." + column
            if let covered = notNullChecks[name] { validatedNotNull.insert(covered) }
            return addedHere.contains(name) || notValidInTransaction.contains(name) ? [SQLFinding(.validateInSameTransaction)] : []
        case "AT_DetachPartition":
            if cmd["def"]?["PartitionCmd"]?["concurrent"]?.isTrue == true { return concurrently() }
            return postgresVersion < 14
                ? [
                    SQLFinding(
                        .detachPartitionNotConcurrent,
                        remedy: "on PostgreSQL \(postgresVersion) detaching always locks the parent: plan a window")
                ]
                : [SQLFinding(.detachPartitionNotConcurrent)]
        case "AT_DropInherit":
            return beforeContract ? [SQLFinding(.noInherit)] : []
        case "AT_DropExpression", "AT_SetExpression":
            return beforeContract ? [SQLFinding(.generatedExpressionChange)] : []
        case "AT_AddIdentity", "AT_SetIdentity", "AT_DropIdentity":
            return beforeContract ? [SQLFinding(.identityChange)] : []
        case "AT_DisableTrig", "AT_DisableTrigAll", "AT_DisableTrigUser":
            return [SQLFinding(.disableTrigger)]
        case "AT_ReplicaIdentity":
            return [SQLFinding(.replicaIdentity)]
        default:
            return []
        }
    }

    private func addColumn(_ cmd: SQLNode, onNewTable isNew: Bool) -> [SQLFinding] {
        let definition = cmd["def"]?["ColumnDef"]
        let constraints = definition?["constraints"]?.items.compactMap { $0["Constraint"] } ?? []
        let kinds = constraints.compactMap { $0["contype"]?.string }
        let type = definition?["typeName"]?["names"]?.nameParts.last ?? ""
        var found: [SQLFinding] = []
        if !(cmd["missing_ok"]?.isTrue ?? false) {
            found.append(SQLFinding(.notRerunnable, problem: "ADD COLUMN without IF NOT EXISTS fails when the phase runs again"))
        }
        if type == "json" { found.append(SQLFinding(.jsonColumn)) }
        guard !isNew else { return found }
        if kinds.contains("CONSTR_NOTNULL"), !kinds.contains("CONSTR_DEFAULT"), !kinds.contains("CONSTR_IDENTITY"),
            !kinds.contains("CONSTR_GENERATED")
        {
            found.append(SQLFinding(.notNullWithoutDefault))
        }
        if let defaultExpression = constraints.first(where: { $0["contype"]?.string == "CONSTR_DEFAULT" })?["raw_expr"],
            let function = VolatileFunctions.first(in: defaultExpression)
        {
            found.append(
                SQLFinding(
                    .volatileDefault, problem: "a volatile default (\(function)()) rewrites the whole table under an ACCESS EXCLUSIVE lock")
            )
        }
        if ["serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"].contains(type) || kinds.contains("CONSTR_IDENTITY") {
            found.append(SQLFinding(.serialColumn))
        }
        if kinds.contains("CONSTR_GENERATED") { found.append(SQLFinding(.storedGeneratedColumn)) }
        if kinds.contains("CONSTR_FOREIGN") { found.append(SQLFinding(.inlineForeignKey)) }
        if kinds.contains("CONSTR_PRIMARY") || kinds.contains("CONSTR_UNIQUE") { found.append(SQLFinding(.inlineIndex)) }
        if kinds.contains("CONSTR_CHECK") { found.append(SQLFinding(.constraintValidated)) }
        return found
    }

    /// `schema.table`, or `table`, as PostgreSQL folded it.
    static func tableName(_ relation: SQLNode?) -> String {
        let name = relation?["relname"]?.string ?? ""
        return relation?["schemaname"]?.string.map { $0 + "." + name } ?? name
    }

    /// The column of `column IS NOT NULL`, the one CHECK that lets SET NOT NULL skip its scan.
    static func notNullColumn(_ expression: SQLNode?) -> String? {
        guard let test = expression?["NullTest"], test["nulltesttype"]?.string == "IS_NOT_NULL" else { return nil }
        return test["arg"]?["ColumnRef"]?["fields"]?.nameParts.last
    }

    /// A write bounded per run: `WHERE key BETWEEN a AND b`, a lower and an upper bound on one
    /// column, or a subquery with a LIMIT (`WHERE id IN (SELECT id ... LIMIT 1000)`).
    static func isBatched(_ body: SQLNode) -> Bool {
        guard let condition = body["whereClause"] else { return false }
        if condition.descendants(tagged: "A_Expr").contains(where: { $0["kind"]?.string == "AEXPR_BETWEEN" }) { return true }
        if condition.descendants(tagged: "SelectStmt").contains(where: { $0["limitCount"] != nil }) { return true }
        var lower: Set<String> = []
        var upper: Set<String> = []
        for comparison in condition.descendants(tagged: "A_Expr") where comparison["kind"]?.string == "AEXPR_OP" {
            guard let column = comparison["lexpr"]?["ColumnRef"]?["fields"]?.nameParts.last,
                let op = comparison["name"]?.nameParts.last
            else { continue }
            if op == ">" || op == ">=" { lower.insert(column) }
            if op == "<" || op == "<=" { upper.insert(column) }
        }
        return !lower.isDisjoint(with: upper)
    }
}

/// PostgreSQL keeps the first 63 bytes of an identifier (NAMEDATALEN - 1) and drops the rest
/// with no more than a notice. The parser's tree already holds the cut name, so the scanner's
/// identifier tokens are measured instead.
enum IdentifierLength {
    static let limit = 63

    /// Each identifier over the limit: its byte offset in the text and its name.
    static func tooLong(in text: String) -> [(offset: Int, name: String)] {
        guard case .success(let tokens) = PostgresParser.scan(text) else { return [] }
        let bytes = Array(text.utf8)
        return tokens.compactMap { token in
            guard token.kind == .identifier, token.start >= 0, token.end <= bytes.count, token.start < token.end else { return nil }
            var name = String(decoding: bytes[token.start..<token.end], as: UTF8.self)
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
                name = name.dropFirst().dropLast().split(separator: "\"\"", omittingEmptySubsequences: false).joined(separator: "\"")
            }
            return name.utf8.count > limit ? (token.start, name) : nil
        }
    }

    static func finding(_ name: String) -> SQLFinding {
        SQLFinding(
            .identifierTooLong,
            problem: "'\(name.prefix(24))...' is \(name.utf8.count) bytes; PostgreSQL keeps \(limit) and silently drops the rest")
    }
}
