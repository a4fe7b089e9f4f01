/// The text of one input file with its line table, shared by the parser (to turn offsets into
/// locations) and the renderer (to quote the offending line).
public struct SourceFile: Sendable {
    public let path: String
    public let text: String
    private let lines: [Substring]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" })
    }

    /// The text of a 1-based line without its line break, or nil past the end of the file.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lines.count else { return nil }
        let line = lines[number - 1]
        return line.last == "\r" ? line.dropLast() : line
    }

    public func range(from start: SourceLocation, to end: SourceLocation) -> SourceRange {
        SourceRange(path: path, start: start, end: end)
    }
}
