public import Diagnostics

/// A scalar's value under the YAML 1.2 core schema. The original text is always kept beside it,
/// so `version: 1.10` can still be read as the string "1.10".
public enum ResolvedScalar: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
}

public struct YAMLScalar: Sendable, Equatable {
    /// The scalar's content after YAML unescaping, exactly as the user wrote it otherwise.
    public var text: String
    /// True for quoted and block scalars: they are always strings.
    public var isQuoted: Bool
    public var resolved: ResolvedScalar

    public init(text: String, isQuoted: Bool, resolved: ResolvedScalar) {
        self.text = text
        self.isQuoted = isQuoted
        self.resolved = resolved
    }

    public var typeName: String {
        switch resolved {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .float: "number"
        case .string: "string"
        }
    }
}

public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }

    /// The key's text (keys of a spec are always scalars; the loader rejects others).
    public var name: String { key.scalar?.text ?? "" }
}

/// A node of a parsed YAML document, every one with its source range.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var content: Content
    public var range: SourceRange

    public init(content: Content, range: SourceRange) {
        self.content = content
        self.range = range
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    public var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var pairs: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// "mapping", "list" or the scalar's resolved type, for "expected X, found Y" messages.
    public var typeName: String {
        switch content {
        case .scalar(let scalar): scalar.typeName
        case .sequence: "list"
        case .mapping: "mapping"
        }
    }

    /// The value of a mapping key, if this is a mapping that has it.
    public subscript(key: String) -> YAMLNode? {
        pairs?.first { $0.name == key }?.value
    }
}
