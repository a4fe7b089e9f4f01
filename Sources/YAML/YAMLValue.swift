/// A value to serialise as YAML: what generators build instead of pasting text. Mapping keys
/// keep the order they were added in, so output is stable and reads like hand-written YAML.
public indirect enum YAMLValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case number(Double)
    case bool(Bool)
    case null
    case list([YAMLValue])
    /// A short list of scalars written on one line, such as `routes: [primary]`.
    case inlineList([YAMLValue])
    case mapping([YAMLEntry])

    /// Builds a mapping, dropping entries whose value is nil (optional fields left unset).
    public static func map(_ entries: [(String, YAMLValue?)]) -> YAMLValue {
        .mapping(entries.compactMap { key, value in value.map { YAMLEntry(key, $0) } })
    }
}

public struct YAMLEntry: Sendable, Equatable {
    public var key: String
    public var value: YAMLValue

    public init(_ key: String, _ value: YAMLValue) {
        self.key = key
        self.value = value
    }
}
