import PostgresSyntax
import Testing

@Suite struct ScannerTests {
    @Test func commentsAndSemicolonsAreTokensWithByteRanges() throws {
        let sql = "SELECT 'é' -- note\n/* block */ ;"
        let tokens = try PostgresParser.scan(sql).get()
        let comments = tokens.filter(\.isComment)
        #expect(comments.map(\.kind) == [.lineComment, .blockComment])
        let bytes = Array(sql.utf8)
        #expect(comments.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) } == ["-- note", "/* block */"])
        #expect(tokens.last?.kind == .semicolon)
    }

    @Test func textWithoutCommentsHasNone() throws {
        #expect(try PostgresParser.scan("text NOT NULL DEFAULT '--not a comment'").get().allSatisfy { !$0.isComment })
    }

    @Test func anUnterminatedBlockCommentIsASyntaxError() {
        if case .success = PostgresParser.scan("text /* open") { Issue.record("expected a scanner error") }
    }
}
