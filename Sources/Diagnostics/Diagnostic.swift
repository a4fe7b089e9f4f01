/// How bad a problem is. Only errors stop the pipeline before planning.
public enum Severity: String, Sendable, Comparable, CaseIterable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// Extra context attached to a diagnostic: a hint ("did you mean ...?") or a pointer elsewhere.
public struct DiagnosticNote: Sendable, Hashable {
    public var message: String
    public var range: SourceRange?

    public init(_ message: String, at range: SourceRange? = nil) {
        self.message = message
        self.range = range
    }
}

/// A suggested edit: replace the text at `range` with `replacement`.
public struct FixIt: Sendable, Hashable {
    public var range: SourceRange
    public var replacement: String

    public init(range: SourceRange, replacement: String) {
        self.range = range
        self.replacement = replacement
    }
}

/// One problem found in the user's input, as data. Rendering is separate (`DiagnosticRenderer`).
public struct Diagnostic: Sendable, Hashable {
    /// Stable identifier such as `spec.unknown-key`, for tests, docs and suppression.
    public var id: String
    public var severity: Severity
    /// Lowercase, no final period, names in quotes.
    public var message: String
    /// Where the problem is; nil only for problems with the file as a whole (it cannot be read).
    public var range: SourceRange?
    public var notes: [DiagnosticNote]
    public var fixIt: FixIt?

    public init(
        id: String, severity: Severity, message: String, range: SourceRange?,
        notes: [DiagnosticNote] = [], fixIt: FixIt? = nil
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.range = range
        self.notes = notes
        self.fixIt = fixIt
    }
}

/// Collects every problem of a run, so a user sees all of them at once.
public struct Diagnostics: Sendable {
    public private(set) var all: [Diagnostic] = []

    public init() {}

    public mutating func append(_ diagnostic: Diagnostic) {
        all.append(diagnostic)
    }

    public mutating func append(contentsOf other: Diagnostics) {
        all.append(contentsOf: other.all)
    }

    public var hasErrors: Bool { all.contains { $0.severity == .error } }
    public var errorCount: Int { all.count { $0.severity == .error } }
    public var warningCount: Int { all.count { $0.severity == .warning } }

    /// Diagnostics in file order (then by severity), the order a reader fixes them in.
    public var sorted: [Diagnostic] {
        all.enumerated().sorted { lhs, rhs in
            let l = lhs.element.range
            let r = rhs.element.range
            switch (l, r) {
            case (nil, nil): return lhs.offset < rhs.offset
            case (nil, _): return true
            case (_, nil): return false
            case (let l?, let r?):
                if l.path != r.path { return l.path < r.path }
                if l.start != r.start { return l.start < r.start }
                return lhs.offset < rhs.offset
            }
        }.map(\.element)
    }
}
