public import Diagnostics
public import Units

/// A decoded, type-checked value of the spec, with where it came from.
public indirect enum SpecValue: Sendable {
    case text(String)
    case integer(Int)
    case number(Double)
    case percent(Double)
    case duration(TimeSpan)
    case boolean(Bool)
    case object(SpecObject)
    case list([SpecNode])
    case dictionary([(key: String, value: SpecNode)])
}

public struct SpecNode: Sendable {
    public var value: SpecValue
    /// The value's range, or for a default the range of the object that lacks the field.
    public var range: SourceRange
    /// True when the value was filled in from the language's default.
    public var isDefault: Bool
}

/// An object whose fields have been checked against its `ObjectType` and defaulted.
public struct SpecObject: Sendable {
    public let type: ObjectType
    public var fields: [String: SpecNode]
    public var range: SourceRange
    /// Where the key that names this object is (for "missing field" style messages).
    public var keyRange: SourceRange
}

/// A value with the source range a diagnostic should point at.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var range: SourceRange
    public var isDefault: Bool

    public init(_ value: Value, at range: SourceRange, isDefault: Bool = false) {
        self.value = value
        self.range = range
        self.isDefault = isDefault
    }
}

extension Located: Equatable where Value: Equatable {}
