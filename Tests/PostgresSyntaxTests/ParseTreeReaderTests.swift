import JSON
import TestSupport
import Testing

@testable import PostgresSyntax

@Suite struct ParseTreeReaderTests {
    private func read(_ text: String) -> SQLNode? {
        Array(text.utf8).withUnsafeBufferPointer { ParseTreeReader.read($0) }
    }

    /// Random trees written by glidepath's own JSON writer read back as the same tree: every
    /// shape, every escape the writer makes (controls, quotes, U+2028) and astral scalars.
    @Test func randomTreesSurviveTheRoundTrip() {
        var random = SplitMix(state: 0x5EED)
        for _ in 0..<300 {
            let tree = randomNode(depth: 0, random: &random)
            let text = json(tree).serialized(pretty: random.next() % 2 == 0)
            #expect(read(text) == tree, "\(text)")
        }
    }

    @Test func escapesTheWriterNeverMakesAreReadToo() {
        #expect(read(#""a\/b\b\f\r\n\t\u00e9\ud83d\ude00""#) == .string("a/b\u{08}\u{0C}\r\n\té😀"))
        #expect(
            read(" [ 1 , -2.5e3 , true , false , null , {} , [] ] ")
                == .array([.number(1), .number(-2500), .bool(true), .bool(false), .null, .object([:]), .array([])]))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "[1] x", "\"open", "\"\\x\"", "\"\\ud83d\"", "\"\\ud83dx\"",
        "\"\\u12\"", "\"tab\there\"", "tru", "nul", "-", "{1:2}", "[\"a\" \"b\"]",
    ])
    func malformedTextIsRefused(_ text: String) {
        #expect(read(text) == nil)
    }

    @Test func nestingIsBoundedLikeTheScannerBeforeIt() {
        let depth = ParseTreeReader.maximumDepth
        #expect(read(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)) != nil)
        #expect(read(String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)) == nil)
    }

    @Test func statementsComeBackWithTheirKindsPositionsAndConstants() throws {
        let sql =
            "ALTER TABLE orders ADD COLUMN zone text DEFAULT 'zöne \"1\"\\n';\nCREATE INDEX CONCURRENTLY i ON orders (zone) WHERE amount > -1.5;"
        let tree = try PostgresParser.parse(sql).get()
        #expect(tree.statements.map(\.kind) == ["AlterTableStmt", "IndexStmt"])
        let endOfFirst = try #require(Array(sql.utf8).firstIndex(of: UInt8(ascii: ";")))
        #expect(tree.statements.map(\.byteOffset) == [0, endOfFirst + 1])
        let constants = tree.root.descendants(tagged: "A_Const")
        #expect(constants.contains { $0["sval"]?["sval"]?.string == "zöne \"1\"\\n" }, "\(constants)")
        #expect(tree.statements[1].body["concurrent"]?.isTrue == true)
        #expect(constants.contains { $0["fval"]?["fval"]?.string == "-1.5" })
    }

    private func json(_ node: SQLNode) -> JSONValue {
        switch node {
        case .object(let members): .object(members.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) })
        case .array(let items): .array(items.map(json))
        case .string(let value): .string(value)
        case .number(let value): .number(value)
        case .bool(let value): .bool(value)
        case .null: .null
        }
    }

    private func randomNode(depth: Int, random: inout SplitMix) -> SQLNode {
        switch random.next() % (depth > 4 ? 4 : 6) {
        case 0: return .string(randomString(random: &random))
        case 1:
            let magnitude = Double(random.next() % 1_000_000) / Double(1 + random.next() % 1000)
            return .number(random.next() % 2 == 0 ? magnitude : -magnitude)
        case 2: return random.next() % 3 == 0 ? .null : .bool(random.next() % 2 == 0)
        case 3: return .number(Double(Int(random.next() % 100_000) - 50_000))
        case 4:
            let count = Int(random.next() % 5)
            return .array((0..<count).map { _ in randomNode(depth: depth + 1, random: &random) })
        default:
            let count = Int(random.next() % 5)
            var members: [String: SQLNode] = [:]
            for _ in 0..<count { members[randomString(random: &random)] = randomNode(depth: depth + 1, random: &random) }
            return .object(members)
        }
    }

    private func randomString(random: inout SplitMix) -> String {
        let alphabet: [Unicode.Scalar] = [
            "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1B}", "\u{7F}", "é", "\u{2028}", "\u{202E}", "😀", "𝄞",
        ]
        let count = Int(random.next() % 12)
        return String(String.UnicodeScalarView((0..<count).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }))
    }
}
