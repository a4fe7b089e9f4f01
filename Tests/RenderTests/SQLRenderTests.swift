import GlidepathCore
import Plan
import PostgresSyntax
import TestSupport
import Testing

@testable import Render

@Suite struct SQLRenderTests {
    @Test func identifiersAndLiteralsAreQuotedByPostgresRules() {
        #expect(SQLText.identifier("orders") == "\"orders\"")
        #expect(SQLText.identifier("public.Orders") == "\"public\".\"Orders\"")
        #expect(SQLText.quoteIdentifierPart("a\"b") == "\"a\"\"b\"")
        #expect(SQLText.literal("it's") == "'it''s'")
        #expect(SQLText.literal("a\\b'") == "E'a\\\\b'''")
        // A quote or backslash followed by a combining mark is one Character to Swift, still a
        // quote or backslash to PostgreSQL: doubled all the same.
        #expect(SQLText.literal("x'\u{301}y") == "'x''\u{301}y'")
        #expect(SQLText.quoteIdentifierPart("a\"\u{301}") == "\"a\"\"\u{301}\"")
        #expect(SQLText.literal("\\\u{301}") == "E'\\\\\u{301}'")
        #expect(SQLText.dollarQuoted("x $glidepath$\u{301}") == "$glidepath1$\nx $glidepath$\u{301}\n$glidepath1$")
    }

    @Test func dollarQuotingPicksATagTheBodyDoesNotContain() {
        let body = "SELECT '$glidepath$', '$glidepath1$'"
        let quoted = SQLText.dollarQuoted(body)
        #expect(quoted.hasPrefix("$glidepath2$\n") && quoted.hasSuffix("\n$glidepath2$"))
    }

    @Test func timeoutsUseTheLargestWholeUnit() {
        #expect(SQLText.setting(.seconds(2)) == "'2s'")
        #expect(SQLText.setting(.seconds(300)) == "'5min'")
        #expect(SQLText.setting(.seconds(7200)) == "'2h'")
        #expect(SQLText.setting(.init(milliseconds: 1500)) == "'1500ms'")
        #expect(SQLText.setting(.zero) == "0")
    }

    @Test func commentsCannotBeBrokenOutOf() {
        #expect(!SQLText.commentText("a\nDROP TABLE x; --").contains("\n"))
    }

    @Test(arguments: ["orders-shipping-zone", "monolith-to-kubernetes"])
    func everyPhaseFileIsSelfDescribingAndOnline(_ example: String) throws {
        let plan = try plan(example)
        let files = try Glidepath.generate(plan).filter { $0.path.hasPrefix("sql/") }
        let phases = try #require(plan.data?.phases)
        #expect(files.map(\.path) == phases.map(\.path))
        for file in files {
            let text = file.contents
            #expect(text.contains("-- Preconditions:"), "\(file.path)")
            #expect(text.contains("-- Run:  psql -X -v ON_ERROR_STOP=1"), "\(file.path)")
            #expect(text.contains("\\set ON_ERROR_STOP on"), "\(file.path)")
            #expect(text.contains("\\set AUTOCOMMIT on"), "\(file.path)")
            #expect(text.contains("SET lock_timeout = '2s';"), "\(file.path)")
            #expect(text.contains("SET statement_timeout = '5min';"), "\(file.path)")
            #expect(!text.contains("CREATE INDEX ") || text.contains("CONCURRENTLY"), "\(file.path)")
        }
        let rollback = try #require(files.first { $0.path.hasSuffix("910-rollback-expand.sql") }).contents
        #expect(rollback.contains("IF EXISTS"))
    }

    /// orders' contract drops only orders.shipping_zone, which expand added and the old version
    /// never used: it is not the point of no return (the release that stops writing orders is).
    @Test func contractIsThePointOfNoReturnOnlyWhenItRemovesWhatTheOldVersionUses() throws {
        let files = try Glidepath.generate(try plan("orders-shipping-zone"))
        let contract = try #require(files.first { $0.path == "sql/040-contract.sql" }).contents
        #expect(!contract.contains("POINT OF NO RETURN"))
        #expect(contract.contains("not the point of no return"))
        #expect(contract.contains("no longer writes orders"))
        #expect(contract.contains("cannot be undone"))
        #expect(contract.contains("after 100% and the soak period (3d)"))
        let dropsOld = try Glidepath.generate(
            try examplePlan(
                "orders-shipping-zone", replacing: "    - dropColumn: { table: orders, column: shipping_zone }",
                with: "    - dropColumn: { table: orders, column: sku }"))
        let irreversible = try #require(dropsOld.first { $0.path == "sql/040-contract.sql" }).contents
        #expect(irreversible.contains("past the point of no return already"), "the release that stops writing orders came first")
    }

    /// A type or default from the spec reaches the generated statement as exactly the tree it
    /// parses to alone: the statement's column definition holds that type, that default, and
    /// NOT NULL exactly when the spec says so, whatever the fragment's text.
    @Test func everyGeneratedColumnParsesToTheIntendedTree() throws {
        let types = ["varchar(8)", "numeric(10, 2)", "timestamp with time zone", "int[]", "\"MyType\"", "double precision"]
        let defaults = ["'none'", "0", "now()", "'a''b'", "lower('X') || '-'", "'{}'::int[]", "1 + 2 * 3"]
        var columns: [(name: String, type: String, nullable: Bool, defaultExpression: String?)] = []
        for (index, type) in types.enumerated() {
            columns.append(("c\(index)", type, index % 2 == 0, defaults[index % defaults.count]))
        }
        columns.append(("c_last", "text", false, defaults[defaults.count - 1]))
        let expand = columns.map { column in
            "    - addColumn: { table: orders, column: \(column.name), type: '\(column.type.replacingOccurrences(of: "'", with: "''"))', "
                + "nullable: \(column.nullable), default: '\((column.defaultExpression ?? "").replacingOccurrences(of: "'", with: "''"))' }"
        }
        let table = types.enumerated().map { "          - { name: t\($0.offset), type: '\($0.element)', nullable: \($0.offset % 2 == 0) }" }
        let spec = """
            apiVersion: glidepath.dev/v1alpha1
            kind: Migration
            metadata: { name: fragments, service: orders, owners: [team] }
            workload: { deployment: orders }
            data:
              expand:
            \(expand.joined(separator: "\n"))
                - createTable:
                    name: wide
                    columns:
                      - { name: id, type: bigint, primaryKey: true }
            \(table.joined(separator: "\n"))
            """
        let checked = Glidepath.check(bytes: Array(spec.utf8), path: "fragments.yaml")
        let plan = try #require(checked.plan, "\(checked.diagnostics.all.map(\.message))")
        let expandFile = try #require(try Glidepath.generate(plan).first { $0.path == "sql/010-expand.sql" }).contents
        let statements = expandFile.components(separatedBy: ";\n").filter { !$0.contains("\\") }.compactMap { chunk -> String? in
            let sql = chunk.split(separator: "\n").filter { !$0.hasPrefix("--") && !$0.hasPrefix("SET ") }.joined(separator: "\n")
            return sql.isEmpty ? nil : sql
        }
        var definitions: [String: SQLNode] = [:]
        for statement in statements {
            let tree = try PostgresParser.parse(statement).get()
            for column in tree.root.descendants(tagged: "ColumnDef") {
                if let name = column["colname"]?.string { definitions[name] = column }
            }
        }
        for column in columns {
            let definition = try #require(definitions[column.name], "no column \(column.name) in:\n\(expandFile)")
            try expectType(definition, column.type, column.name)
            let constraints = definition["constraints"]?.items.compactMap { $0["Constraint"] } ?? []
            #expect(constraints.contains { $0["contype"]?.string == "CONSTR_NOTNULL" } == !column.nullable, "\(column.name) NOT NULL")
            let defaultTree = constraints.first { $0["contype"]?.string == "CONSTR_DEFAULT" }?["raw_expr"]
            let alone = try PostgresParser.parse("SELECT " + (column.defaultExpression ?? "")).get()
                .statements.first?.body["targetList"]?.items.first?["ResTarget"]?["val"]
            #expect(defaultTree.map(Self.withoutLocations) == alone.map(Self.withoutLocations), "\(column.name) default")
        }
        for (index, type) in types.enumerated() {
            let definition = try #require(definitions["t\(index)"])
            try expectType(definition, type, "t\(index)")
        }
    }

    private func expectType(_ definition: SQLNode, _ type: String, _ name: String) throws {
        let alone = try PostgresParser.parse("SELECT NULL::" + type).get()
            .statements.first?.body["targetList"]?.items.first?["ResTarget"]?["val"]?["TypeCast"]?["typeName"]
        #expect(definition["typeName"].map(Self.withoutLocations) == alone.map(Self.withoutLocations), "\(name) type \(type)")
    }

    /// A parse tree without its `location` fields, which differ with where the text sits.
    static func withoutLocations(_ node: SQLNode) -> SQLNode {
        switch node {
        case .object(let members):
            return .object(members.filter { $0.key != "location" }.mapValues(withoutLocations))
        case .array(let items):
            return .array(items.map(withoutLocations))
        default:
            return node
        }
    }
}

/// A move's replication objects by PostgreSQL release: before 16 there is no `origin = none`,
/// so the forward subscription is dropped before the reverse one is created; from 16 both carry
/// it and the forward one stays until the clean-up.
@Suite struct MoveSQLTests {
    func files(version: Int) throws -> [String: String] {
        let plan = try examplePlan("orders-extraction", replacing: "  postgresVersion: 15\n", with: "  postgresVersion: \(version)\n")
        return Dictionary(uniqueKeysWithValues: try Glidepath.generate(plan).map { ($0.path, $0.contents) })
    }

    @Test func theForwardSubscriptionGoesFirstBefore16AndCarriesOriginNoneFrom16() throws {
        let old = try files(version: 15)
        #expect(old["sql/075-move-drop-forward-target.sql"]?.contains("DROP SUBSCRIPTION IF EXISTS") == true)
        #expect(old["sql/030-move-subscribe-target.sql"]?.contains("origin") == false)
        #expect(old["sql/910-move-cleanup-target.sql"]?.contains("DROP SUBSCRIPTION") == false)
        let new = try files(version: 16)
        #expect(new["sql/075-move-drop-forward-target.sql"] == nil)
        #expect(new["sql/030-move-subscribe-target.sql"]?.contains("WITH (copy_data = true, origin = none)") == true)
        #expect(new["sql/085-move-reverse-subscribe-source.sql"]?.contains("WITH (copy_data = false, origin = none)") == true)
        #expect(new["sql/910-move-cleanup-target.sql"]?.contains("DROP SUBSCRIPTION IF EXISTS") == true)
        let cutover = try #require(
            try examplePlan("orders-extraction", replacing: "  postgresVersion: 15\n", with: "  postgresVersion: 16\n").move?.step(.cutover)
        )
        #expect(!cutover.commands.contains { $0.shellText.contains("075-move-drop-forward") })
    }

    /// No connection string is ever written into a generated file: the subscriptions read it
    /// from psql variables that the commands fill from the environment.
    @Test func noGeneratedFileHoldsAConnectionString() throws {
        for (path, text) in try files(version: 15) {
            #expect(!text.contains("postgresql://") && !text.contains("host="), "\(path)")
        }
        #expect(try files(version: 15)["sql/030-move-subscribe-target.sql"]?.contains("CONNECTION :'source_uri'") == true)
    }
}
