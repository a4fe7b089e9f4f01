/// A position in a source file: 1-based line, 1-based column counted in Unicode scalars
/// (the unit libyaml counts in, and the one editors accept for `file:line:col`).
public struct SourceLocation: Sendable, Hashable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// A half-open span in one file. Both ends are kept so a diagnostic can underline a whole value.
public struct SourceRange: Sendable, Hashable {
    public var path: String
    public var start: SourceLocation
    public var end: SourceLocation

    public init(path: String, start: SourceLocation, end: SourceLocation) {
        self.path = path
        self.start = start
        self.end = max(start, end)
    }

    /// A range covering a single position, for problems that belong to a spot, not a span.
    public static func point(_ path: String, line: Int, column: Int) -> SourceRange {
        let location = SourceLocation(line: line, column: column)
        return SourceRange(path: path, start: location, end: location)
    }
}
