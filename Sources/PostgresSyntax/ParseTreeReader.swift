internal import JSON

/// Reads libpg_query's JSON parse tree into `SQLNode`s with the `JSON` target's strict parser
/// (the one that reads publish's lock), then keys each object for the checker's lookups. The
/// text comes from libpg_query, not from a user, but anything malformed is still refused
/// (nil) and the nesting is bounded.
struct ParseTreeReader {
    /// Deeper trees are refused, as Foundation's JSON scanner (which read them before) refused
    /// them past 512 levels: the recursion here and in every walk over the tree stays bounded.
    static let maximumDepth = 512

    static func read(_ text: UnsafeBufferPointer<UInt8>) -> SQLNode? {
        guard let value = try? JSONValue.parse(Array(text), maximumDepth: maximumDepth) else { return nil }
        return node(value)
    }

    private static func node(_ value: JSONValue) -> SQLNode {
        switch value {
        case .object(let members):
            // The parser refuses repeated keys, so every key is new here.
            var keyed: [String: SQLNode] = [:]
            keyed.reserveCapacity(members.count)
            for (key, member) in members { keyed[key] = node(member) }
            return .object(keyed)
        case .array(let items): return .array(items.map(node))
        case .string(let text): return .string(text)
        case .int(let number): return .number(Double(number))
        case .number(let number): return .number(number)
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        }
    }
}
