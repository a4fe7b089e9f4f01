internal import JSON

/// Reads libpg_query's JSON parse tree straight into `SQLNode`s with the `JSON` target's strict
/// reader (the one that reads publish's lock), member by member, with no tree in between. The
/// text comes from libpg_query, not from a user, but anything malformed is still refused (nil)
/// and the nesting is bounded.
struct ParseTreeReader {
    /// Deeper trees are refused, as Foundation's JSON scanner (which read them before) refused
    /// them past 512 levels: the recursion here and in every walk over the tree stays bounded.
    static let maximumDepth = 512

    static func read(_ text: UnsafeBufferPointer<UInt8>) -> SQLNode? {
        var reader = JSONReader(Array(text), maximumDepth: maximumDepth)
        guard let node = try? node(&reader), (try? reader.finish()) != nil else { return nil }
        return node
    }

    private static func node(_ reader: inout JSONReader) throws(JSONParseError) -> SQLNode {
        if reader.atObject {
            // The reader refuses repeated keys, so every key is new here.
            var keyed: [String: SQLNode] = [:]
            try reader.readObject { reader, key throws(JSONParseError) in keyed[key] = try node(&reader) }
            return .object(keyed)
        }
        if reader.atArray {
            var items: [SQLNode] = []
            try reader.readArray { reader throws(JSONParseError) in items.append(try node(&reader)) }
            return .array(items)
        }
        switch try reader.readValue() {
        case .string(let text): return .string(text)
        case .int(let number): return .number(Double(number))
        case .number(let number): return .number(number)
        case .bool(let flag): return .bool(flag)
        case .null, .object, .array: return .null  // objects and arrays were read above
        }
    }
}
