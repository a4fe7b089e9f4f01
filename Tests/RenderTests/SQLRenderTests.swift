import GlidepathCore
import Plan
import Testing
@testable import Render

@Suite struct SQLRenderTests {
    @Test func identifiersAndLiteralsAreQuotedByPostgresRules() {
        #expect(SQLText.identifier("orders") == "\"orders\"")
        #expect(SQLText.identifier("public.Orders") == "\"public\".\"Orders\"")
        #expect(SQLText.quoteIdentifierPart("a\"b") == "\"a\"\"b\"")
        #expect(SQLText.literal("it's") == "'it''s'")
        #expect(SQLText.literal("a\\b'") == "E'a\\\\b'''")
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
        let phases = try #require(plan.dataPhases)
        #expect(files.map(\.path) == phases.phases.map(\.path))
        for file in files {
            let text = file.contents
            #expect(text.contains("-- Preconditions:"), "\(file.path)")
            #expect(text.contains("-- Run:  psql -v ON_ERROR_STOP=1"), "\(file.path)")
            #expect(text.contains("\\set ON_ERROR_STOP on"), "\(file.path)")
            #expect(text.contains("SET lock_timeout = '2s';"), "\(file.path)")
            #expect(text.contains("SET statement_timeout = '5min';"), "\(file.path)")
            #expect(!text.contains("CREATE INDEX ") || text.contains("CONCURRENTLY"), "\(file.path)")
        }
        let rollback = try #require(files.first { $0.path.hasSuffix("910-rollback-expand.sql") }).contents
        #expect(rollback.contains("IF EXISTS"))
    }

    @Test func contractIsMarkedAsThePointOfNoReturn() throws {
        let files = try Glidepath.generate(try plan("orders-shipping-zone"))
        let contract = try #require(files.first { $0.path == "sql/040-contract.sql" }).contents
        #expect(contract.contains("POINT OF NO RETURN"))
        #expect(contract.contains("cannot be undone"))
        #expect(contract.contains("after 100% and the soak period (3d)"))
    }
}
