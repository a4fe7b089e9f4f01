import Units

/// Quoting by PostgreSQL's rules. Every identifier and literal in the generated SQL goes
/// through here; only the spec's SQL expressions and types (checked by PostgreSQL's own parser
/// before anything is rendered) are written as they are.
enum SQLText {
    /// A possibly schema-qualified name, each part double-quoted: names are exact, as written.
    static func identifier(_ name: String) -> String {
        name.split(separator: ".", omittingEmptySubsequences: false).map { quoteIdentifierPart(String($0)) }
            .joined(separator: ".")
    }

    static func quoteIdentifierPart(_ part: String) -> String {
        "\"" + part.replacing(exactly: "\"", with: "\"\"") + "\""
    }

    /// A string literal, quotes doubled byte by byte: a quote followed by a combining mark is
    /// one Character to Swift but still a quote to PostgreSQL. With standard_conforming_strings on (the default since 9.1) only the
    /// quote needs doubling; a backslash switches to the E'' form so the text reads the same
    /// under either setting.
    static func literal(_ text: String) -> String {
        let doubled = text.replacing(exactly: "'", with: "''")
        if text.utf8.contains(UInt8(ascii: "\\")) { return "E'" + doubled.replacing(exactly: "\\", with: "\\\\") + "'" }
        return "'" + doubled + "'"
    }

    /// A dollar-quoted body whose tag does not occur in it.
    static func dollarQuoted(_ body: String) -> String {
        var tag = "$glidepath$"
        var counter = 1
        while body.contains(exactly: tag) {
            tag = "$glidepath\(counter)$"
            counter += 1
        }
        return tag + "\n" + body + "\n" + tag
    }

    /// The schema part of a qualified name, or nil for a bare name.
    static func schema(of name: String) -> String? {
        let parts = name.split(separator: ".")
        return parts.count == 2 ? String(parts[0]) : nil
    }

    /// The name without its schema.
    static func bareName(_ name: String) -> String {
        String(name.split(separator: ".").last ?? Substring(name))
    }

    /// A name in the same schema as `table`, as PostgreSQL places indexes and triggers' functions.
    static func sibling(_ name: String, of table: String) -> String {
        schema(of: table).map { $0 + "." + name } ?? name
    }

    /// A duration as a PostgreSQL time setting (`'2s'`, `'5min'`, `'150ms'`).
    static func setting(_ span: TimeSpan) -> String {
        let ms = span.milliseconds
        if ms == 0 { return "0" }
        if ms % 3_600_000 == 0 { return "'\(ms / 3_600_000)h'" }
        if ms % 60_000 == 0 { return "'\(ms / 60_000)min'" }
        if ms % 1000 == 0 { return "'\(ms / 1000)s'" }
        return "'\(ms)ms'"
    }

    /// Text safe inside a `--` comment: one line, no control characters.
    static func commentText(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
    }

    /// Lines of a block, each indented by `spaces` (blank lines stay blank).
    static func indent(_ text: String, by spaces: Int) -> String {
        let padding = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : padding + $0 }.joined(separator: "\n")
    }

    /// An SQL snippet from the spec, ending in exactly one semicolon.
    static func statementText(_ snippet: String) -> String {
        var text = snippet
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text.hasSuffix(";") ? text : text + ";"
    }
}
