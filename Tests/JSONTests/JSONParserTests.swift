import JSON
import Testing

/// The parser publish reads the lock with: the serializer's output comes back as it went in,
/// and every kind of malformed or hostile text is an error, never a crash.
@Suite struct JSONParserTests {
    @Test func readsBackWhatTheSerializerWrites() throws {
        let value = JSONValue.object([
            ("text", .string("quote \" backslash \\ newline \n tab \t control \u{01} line separator \u{2028} é 🚀")),
            ("numbers", .array([.int(0), .int(-12), .int(Int.max), .number(1.5), .number(-0.25), .number(1e300)])),
            ("flags", .array([.bool(true), .bool(false), .null])),
            ("empty", .object([])), ("none", .array([])),
            ("nested", .object([("a", .object([("b", .array([.string("c")]))]))])),
        ])
        for pretty in [false, true] {
            let text = value.serialized(pretty: pretty)
            let parsed = try JSONValue.parse(Array(text.utf8))
            #expect(parsed.serialized(pretty: pretty) == text)
        }
    }

    @Test func readsEscapesAndSurrogatePairs() throws {
        let parsed = try JSONValue.parse(Array(#" { "a" : "\u00e9\/\b\f\r\ud83d\ude80" , "b":[ 1e2 , 2E-1 ] } "#.utf8))
        #expect(parsed["a"]?.stringValue == "é/\u{08}\u{0C}\r🚀")
        #expect(parsed["b"] == .array([.number(100), .number(0.2)]))
        #expect(parsed["missing"] == nil)
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]", "01", "-", "1.", ".5", "1e", "+1", "tru", "nul",
        "\"open", "\"bad \\x escape\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"tab\there\"",
        "{\"a\":1,\"a\":2}", "1 2", "[] x", "1e999", "\u{FEFF}{}",
    ])
    func refusesMalformedText(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(text.utf8)) }
    }

    @Test func refusesInvalidUTF8AndDeepNesting() throws {
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0x22, 0xC3, 0x28, 0x22]) }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(deep.utf8)) }
        let allowed = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONValue.parse(Array(allowed.utf8)) }
        let tooDeep = String(repeating: "{\"a\":", count: 65) + "1" + String(repeating: "}", count: 65)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(tooDeep.utf8)) }
    }

    /// Repeats are found whether an object is small (scanned) or large (a set), wherever the
    /// repeat falls, and a key spelled with an escape is the same key.
    @Test func findsARepeatedKeyInObjectsOfEverySize() throws {
        for count in [1, 15, 16, 17, 40] {
            let keys = (0..<count).map { "\"k\($0)\":\($0)" }
            #expect(throws: Never.self) { try JSONValue.parse(Array(("{" + keys.joined(separator: ",") + "}").utf8)) }
            for repeated in [0, count / 2, count - 1] {
                let text = "{" + (keys + ["\"k\(repeated)\":0"]).joined(separator: ",") + "}"
                #expect(throws: JSONParseError.self, "\(count) keys, k\(repeated) again") { try JSONValue.parse(Array(text.utf8)) }
            }
        }
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(#"{"ab":1,"a\u0062":2}"#.utf8)) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D]) }
    }

    /// Reading member by member is as strict as reading a tree, and the typed reads say when a
    /// value is not of their type without losing their place.
    @Test func theReaderIsAsStrictAsTheTree() throws {
        var reader = JSONReader(Array(#" {"a": "x", "b": {"c": "1", "d": "2"}, "e": {"f": 1}, "g": [true]} "#.utf8))
        var seen: [String: String] = [:]
        var strings: [String: [String: String]?] = [:]
        try reader.readObject { reader, key throws(JSONParseError) in
            if key == "a" {
                seen[key] = try reader.readStringIfString() ?? "not a string"
            } else if key == "g" {
                seen[key] = try reader.readStringIfString() ?? "not a string"
            } else {
                strings[key] = try reader.readStringMembersIfStrings()
            }
        }
        try reader.finish()
        #expect(seen == ["a": "x", "g": "not a string"])
        #expect(strings["b"] == .some(["c": "1", "d": "2"]) && strings["e"] == .some(nil))

        let refused: [String] = [
            #"{"a": 1, "a": 2}"#, #"{"a": {"b": "1", "b": "2"}}"#, #"{"a": "\x"}"#, #"{"a": 1} x"#, #"{"a": 1"#, "[1]",
        ]
        for text in refused {
            #expect(throws: JSONParseError.self, "\(text)") {
                var reader = JSONReader(Array(text.utf8))
                try reader.readObject { reader, _ throws(JSONParseError) in _ = try reader.readStringMembersIfStrings() }
                try reader.finish()
            }
        }
        // A caller that reads nothing of a member is stopped, not left out of step.
        #expect(throws: JSONParseError.self) {
            var reader = JSONReader(Array(#"{"a": 1}"#.utf8))
            try reader.readObject { _, _ throws(JSONParseError) in }
        }
        // Arrays item by item, with the same rules.
        var items = JSONReader(Array(#"[ "a", {"b": "c"}, [] ]"#.utf8))
        var read: [JSONValue] = []
        try items.readArray { reader throws(JSONParseError) in read.append(try reader.readValue()) }
        try items.finish()
        #expect(read == [.string("a"), .object([("b", .string("c"))]), .array([])])
        for text in ["[1,]", "[1 2]", "[1", "{}"] {
            #expect(throws: JSONParseError.self, "\(text)") {
                var reader = JSONReader(Array(text.utf8))
                try reader.readArray { reader throws(JSONParseError) in _ = try reader.readValue() }
            }
        }
        #expect(throws: JSONParseError.self) {
            var reader = JSONReader(Array("[1]".utf8))
            try reader.readArray { _ throws(JSONParseError) in }
        }
        // Nesting is bounded through the reader too.
        let deep = String(repeating: "{\"a\":", count: 65) + "1" + String(repeating: "}", count: 65)
        #expect(throws: JSONParseError.self) {
            var reader = JSONReader(Array(deep.utf8))
            try reader.readObject { reader, _ throws(JSONParseError) in _ = try reader.readValue() }
        }
    }
}
