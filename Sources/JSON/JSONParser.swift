/// Why a JSON text was refused: what was expected, and the byte offset where it was not found.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var description: String { "\(message) at byte \(offset)" }
}

extension JSONValue {
    /// Parses RFC 8259 JSON into an ordered tree. Strict, because the text can come from a pull
    /// request (publish's lock): one value and nothing after it but whitespace, no duplicate
    /// keys in an object, valid UTF-8 and escapes, containers nested at most `maximumDepth` deep
    /// (so a hostile file cannot exhaust the stack). Integers that fit an `Int` stay `.int`.
    public static func parse(_ bytes: [UInt8], maximumDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        var reader = JSONReader(bytes, maximumDepth: maximumDepth)
        let value = try reader.readValue()
        try reader.finish()
        return value
    }

    /// The member called `key` of an object; nil for a missing key or a value that is not an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    public var objectMembers: [(String, JSONValue)]? {
        if case .object(let members) = self { members } else { nil }
    }
}

/// The one JSON parser, as a cursor a caller can drive value by value: `JSONValue.parse` reads
/// a whole tree with it, and a reader of a large document (publish's lock) reads its members
/// straight into its own types, without a tree of a million nodes to build and free. Every
/// way through it is as strict as `parse`: repeated keys, bad UTF-8 or escapes, nesting
/// deeper than `maximumDepth` and text after the value are all refused.
public struct JSONReader {
    let bytes: [UInt8]
    let maximumDepth: Int
    var index = 0
    var depth = 0

    public init(_ bytes: [UInt8], maximumDepth: Int = 64) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        skipWhitespace()
    }

    func error(_ message: String) -> JSONParseError { JSONParseError(message: message, offset: index) }

    /// Whether the next value is an object.
    public var atObject: Bool { index < bytes.count && bytes[index] == UInt8(ascii: "{") }

    /// Whether the next value is an array.
    public var atArray: Bool { index < bytes.count && bytes[index] == UInt8(ascii: "[") }

    /// After the last value: only whitespace may follow.
    public func finish() throws(JSONParseError) {
        guard index == bytes.count else { throw error("text after the value") }
    }

    /// The next value, whatever it is, as a tree.
    public mutating func readValue() throws(JSONParseError) -> JSONValue {
        let value = try value()
        skipWhitespace()
        return value
    }

    /// The next value's text when it is a string; nil (the value read and checked all the
    /// same) when it is anything else.
    public mutating func readStringIfString() throws(JSONParseError) -> String? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
            _ = try readValue()
            return nil
        }
        let text = try string()
        skipWhitespace()
        return text
    }

    /// The next value as a dictionary when it is an object whose every member is a string;
    /// nil (the value read and checked all the same) when it is anything else.
    public mutating func readStringMembersIfStrings() throws(JSONParseError) -> [String: String]? {
        guard atObject else {
            _ = try readValue()
            return nil
        }
        var strings: [String: String]? = [:]
        try readObject { reader, key throws(JSONParseError) in
            let text = try reader.readStringIfString()
            if let text { strings?[key] = text } else { strings = nil }
        }
        return strings
    }

    /// The members of the next value, which must be an object: `member` is called with each
    /// key, in the text's order, and must read exactly that member's value from the reader.
    public mutating func readObject(_ member: (inout JSONReader, String) throws(JSONParseError) -> Void) throws(JSONParseError) {
        guard atObject else { throw error("an object expected") }
        try enterContainer()
        // Repeats are looked for by a scan while an object is small (nearly every one is) and
        // through a set once it grows: a lock holds a million small objects and strings.
        var seen: [String] = []
        var keys: Set<String>?
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            try leaveContainer()
            return
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("a key expected") }
            let key = try string()
            if keys == nil, seen.count >= 16 { keys = Set(seen) }
            if keys != nil {
                guard keys?.insert(key).inserted == true else { throw error("a key repeated") }
            } else {
                guard !seen.contains(key) else { throw error("a key repeated") }
                seen.append(key)
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("':' expected") }
            index += 1
            skipWhitespace()
            let start = index
            try member(&self, key)
            // The member must have been read: a caller that skipped it would desynchronise.
            guard index > start else { throw error("a value expected") }
            if try closes(UInt8(ascii: "}")) { return }
        }
    }

    /// The items of the next value, which must be an array: `item` is called for each, in
    /// order, and must read exactly that item from the reader.
    public mutating func readArray(_ item: (inout JSONReader) throws(JSONParseError) -> Void) throws(JSONParseError) {
        guard atArray else { throw error("an array expected") }
        try enterContainer()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            try leaveContainer()
            return
        }
        while true {
            skipWhitespace()
            let start = index
            try item(&self)
            guard index > start else { throw error("a value expected") }
            if try closes(UInt8(ascii: "]")) { return }
        }
    }

    /// Past an opening bracket, one level deeper.
    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        guard depth <= maximumDepth else { throw error("nested deeper than \(maximumDepth)") }
        index += 1
        skipWhitespace()
    }

    /// Past a closing bracket, one level up.
    private mutating func leaveContainer() throws(JSONParseError) {
        index += 1
        depth -= 1
        skipWhitespace()
    }

    /// After a member or an item: true when the container closes here (read past it), false
    /// after a comma (another one follows).
    private mutating func closes(_ close: UInt8) throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw error("'\(Character(Unicode.Scalar(close)))' expected, the text ended") }
        if bytes[index] == UInt8(ascii: ",") {
            index += 1
            return false
        }
        guard bytes[index] == close else { throw error("',' or '\(Character(Unicode.Scalar(close)))' expected") }
        try leaveContainer()
        return true
    }

    mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    mutating func value() throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error("a value expected, the text ended") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            var members: [(String, JSONValue)] = []
            try readObject { reader, key throws(JSONParseError) in members.append((key, try reader.value())) }
            return .object(members)
        case UInt8(ascii: "["):
            var items: [JSONValue] = []
            try readArray { reader throws(JSONParseError) in items.append(try reader.value()) }
            return .array(items)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("a value expected")
        }
    }

    mutating func literal(_ word: StaticString, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { expected in
            index + count <= bytes.count && bytes[index..<index + count].elementsEqual(expected)
        }
        guard matches else { throw error("'\(word)' expected") }
        index += count
        return value
    }

    /// A string from its opening quote; the bytes between escapes are copied as they are and
    /// checked as UTF-8 once at the end.
    mutating func string() throws(JSONParseError) -> String {
        index += 1
        var out: [UInt8] = []
        var escaped = false
        var start = index
        while true {
            guard index < bytes.count else { throw error("'\"' expected, the text ended") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                // A string without escapes (nearly all) is checked straight from the text.
                let text: String?
                if escaped {
                    out += bytes[start..<index]
                    text = String(validating: out, as: UTF8.self)
                } else {
                    text = String(validating: bytes[start..<index], as: UTF8.self)
                }
                index += 1
                guard let text else { throw error("a string that is not UTF-8") }
                return text
            }
            if byte < 0x20 { throw error("a control character inside a string") }
            guard byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            out += bytes[start..<index]
            escaped = true
            index += 1
            guard index < bytes.count else { throw error("an escape expected, the text ended") }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"): try appendUnicodeEscape(to: &out)
            default: throw error("an unknown escape")
            }
            start = index
        }
    }

    /// `\uXXXX`, with a surrogate pair as one scalar; a lone surrogate is refused.
    mutating func appendUnicodeEscape(to out: inout [UInt8]) throws(JSONParseError) {
        var scalar = try hexQuad()
        if (0xD800...0xDBFF).contains(scalar) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("a lone surrogate")
            }
            index += 2
            let low = try hexQuad()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("a lone surrogate") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalar) {
            throw error("a lone surrogate")
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw error("an escape that is not a character") }
        out += String(Character(unicode)).utf8
    }

    mutating func hexQuad() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("four hex digits expected") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("four hex digits expected")
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    mutating func number() throws(JSONParseError) -> JSONValue {
        let start = index
        var integral = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("a digit expected") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("a digit expected after '.'") }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("a digit expected in the exponent") }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if integral, let value = Int(text) { return .int(value) }
        guard let value = Double(text), value.isFinite else { throw error("a number out of range") }
        return .number(value)
    }

    func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
}
