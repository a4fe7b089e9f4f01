/// Turns diagnostics into the text users read in a terminal or a CI log:
///
///     examples/orders.yaml:12:7: error: unknown key 'wieght' [spec.unknown-key]
///        12 |     - wieght: 5
///           |       ^~~~~~
///       note: did you mean 'weight'?
///
/// The first line is the form editors and CI annotators parse. Colour is a decorator applied
/// only when the caller says the output is a terminal.
public struct DiagnosticRenderer: Sendable {
    public var sources: [String: SourceFile]
    public var colors: Bool

    public init(sources: [SourceFile], colors: Bool) {
        self.sources = Dictionary(sources.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        self.colors = colors
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var out = ""
        out += header(diagnostic.range, diagnostic.severity.rawValue, color: color(diagnostic.severity))
        out += bold(UnsafeCharacters.escaped(diagnostic.message)) + " [\(diagnostic.id)]\n"
        if let range = diagnostic.range { out += excerpt(range) }
        for note in diagnostic.notes {
            if let range = note.range, range.start != diagnostic.range?.start {
                out += header(range, "note", color: Self.cyan) + UnsafeCharacters.escaped(note.message) + "\n" + excerpt(range)
            } else {
                out += "    " + paint("note", Self.cyan) + ": " + UnsafeCharacters.escaped(note.message) + "\n"
            }
        }
        if let fixIt = diagnostic.fixIt {
            out += "    " + paint("fix-it", Self.green) + ": replace with '\(UnsafeCharacters.escaped(fixIt.replacement))'\n"
        }
        return out
    }

    /// A one-line summary such as `2 errors, 1 warning`.
    public static func summary(_ diagnostics: Diagnostics) -> String {
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        return "\(plural(diagnostics.errorCount, "error")), \(plural(diagnostics.warningCount, "warning"))"
    }

    private func header(_ range: SourceRange?, _ label: String, color: String) -> String {
        let place = range.map { "\(UnsafeCharacters.escaped($0.path)):\($0.start.line):\($0.start.column): " } ?? ""
        return bold(place) + paint(label, color) + ": "
    }

    /// Columns of a source line shown around the range; a longer line is cut, with `…`.
    static let excerptWidth = 160

    private func excerpt(_ range: SourceRange) -> String {
        guard let fullLine = sources[range.path]?.line(range.start.line) else { return "" }
        let number = String(range.start.line)
        let gutter = String(repeating: " ", count: number.count)
        // A minified or generated file can put a whole megabyte on one line: show a window.
        var line = fullLine
        var range = range
        let skipped = max(0, range.start.column - 1 - Self.excerptWidth / 2)
        if skipped > 0 || line.unicodeScalars.count > Self.excerptWidth {
            let scalars = line.unicodeScalars
            let from = scalars.index(scalars.startIndex, offsetBy: min(skipped, scalars.count))
            let to = scalars.index(from, offsetBy: Self.excerptWidth, limitedBy: scalars.endIndex) ?? scalars.endIndex
            line = Substring(String(scalars[from..<to]))
            range.start.column -= skipped
            if range.end.line == range.start.line { range.end.column = max(range.start.column, range.end.column - skipped) }
        }
        let visible = Self.printable(line)
        let prefix = visible.prefix(max(0, range.start.column - 1))
        // Keep tabs in the marker line so the caret lines up under tab-indented text.
        let padding = String(prefix.map { $0 == "\t" ? "\t" : " " })
        let lineLength = visible.count
        let endColumn = range.end.line == range.start.line ? range.end.column : lineLength + 1
        let width = max(1, min(endColumn, lineLength + 1) - range.start.column)
        let marker = "^" + String(repeating: "~", count: width - 1)
        return " \(number) | \(visible)\n \(gutter) | \(padding)\(paint(marker, Self.green))\n"
    }

    /// Control characters other than tab would corrupt a terminal, and bidirectional controls
    /// would reorder the line; show each as U+FFFD, one column wide, so the caret still lines up.
    static func printable(_ line: Substring) -> String {
        String(
            String.UnicodeScalarView(
                line.unicodeScalars.map {
                    (UnsafeCharacters.isControl($0) && $0 != "\t") || UnsafeCharacters.isBidiControl($0) ? "\u{FFFD}" : $0
                }))
    }

    private static let red = "31", yellow = "33", cyan = "36", green = "32"

    private func color(_ severity: Severity) -> String {
        switch severity {
        case .error: Self.red
        case .warning: Self.yellow
        case .note: Self.cyan
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[1;\(code)m\(text)\u{1B}[0m" : text
    }

    private func bold(_ text: String) -> String {
        colors && !text.isEmpty ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }
}
