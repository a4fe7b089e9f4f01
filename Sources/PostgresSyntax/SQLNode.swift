/// libpg_query's parse tree as plain values. Nodes are objects whose single key is the node
/// type (`{"AlterTableStmt": {...}}`); the helpers below read them by that convention.
public indirect enum SQLNode: Sendable, Equatable {
    case object([String: SQLNode])
    case array([SQLNode])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    public subscript(key: String) -> SQLNode? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var items: [SQLNode] {
        if case .array(let items) = self { return items }
        return []
    }

    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var int: Int? {
        if case .number(let value) = self { return Int(exactly: value) }
        return nil
    }

    public var isTrue: Bool {
        if case .bool(let value) = self { return value }
        return false
    }

    /// The node type and body of a tagged node (`{"IndexStmt": {...}}`).
    public var tagged: (tag: String, body: SQLNode)? {
        guard case .object(let members) = self, members.count == 1, let (tag, body) = members.first,
            tag.first?.isUppercase == true
        else { return nil }
        return (tag, body)
    }

    /// Every tagged node below this one (this one included), depth first, in a stable order.
    public func descendants(tagged tag: String) -> [SQLNode] {
        var found: [SQLNode] = []
        var pending: [SQLNode] = [self]
        while let node = pending.popLast() {
            if let tagged = node.tagged, tagged.tag == tag { found.append(tagged.body) }
            switch node {
            case .object(let members): pending.append(contentsOf: members.keys.sorted().reversed().compactMap { members[$0] })
            case .array(let items): pending.append(contentsOf: items.reversed())
            default: break
            }
        }
        return found
    }

    /// The names of a qualified-name list (`[{"String": {"sval": "pg_catalog"}}, ...]`).
    public var nameParts: [String] {
        items.compactMap { $0["String"]?["sval"]?.string }
    }
}

/// A parsed SQL text: its statements with their positions.
public struct SQLParseTree: Sendable {
    public var source: String
    public var root: SQLNode

    public var statements: [SQLStatement] {
        root["stmts"]?.items.compactMap { raw in
            guard let tagged = raw["stmt"]?.tagged else { return nil }
            let byteOffset = raw["stmt_location"]?.int ?? 0
            let byteLength = raw["stmt_len"]?.int ?? (source.utf8.count - byteOffset)
            return SQLStatement(kind: tagged.tag, body: tagged.body, byteOffset: byteOffset, byteLength: byteLength)
        } ?? []
    }

    /// The character (Unicode scalar) offset of a byte offset into `source`, for locations.
    public func characterOffset(ofByte byteOffset: Int) -> Int {
        var bytes = 0
        var characters = 0
        for scalar in source.unicodeScalars {
            if bytes >= byteOffset { break }
            bytes += String(scalar).utf8.count
            characters += 1
        }
        return characters
    }
}

public struct SQLStatement: Sendable {
    /// libpg_query's node type: `AlterTableStmt`, `IndexStmt`, `SelectStmt`, ...
    public var kind: String
    public var body: SQLNode
    public var byteOffset: Int
    public var byteLength: Int
}
