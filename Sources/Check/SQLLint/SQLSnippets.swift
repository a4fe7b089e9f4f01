import Diagnostics
import PostgresSyntax
import Spec
import Units

/// SQL text from the spec, parsed by PostgreSQL's own parser, with every position mapped back
/// to the spec file. Fragments (a type, an expression) are parsed inside a wrapper statement
/// and must come out as exactly that fragment, so nothing can ride along after it.
struct SQLSnippets {
    let source: SourceFile?
    /// `data.postgresVersion`: a syntax error in SQL for a release newer than the parser's
    /// grammar says so.
    var postgresVersion = 0

    enum Fragment {
        case type, expression

        var prefix: String {
            switch self {
            case .type: "SELECT NULL::"
            case .expression: "SELECT "
            }
        }
    }

    /// The spec's PostgreSQL version, when the parser's grammar is older.
    private var newerThanParser: (spec: Int, parser: Int)? {
        let parser = Int(PostgresParser.grammarVersion.split(separator: ".").first ?? "") ?? 0
        return postgresVersion > parser ? (postgresVersion, parser) : nil
    }

    /// Parses statements; a syntax error becomes a diagnostic at its place in the spec.
    func statements(_ snippet: Located<String>, into diagnostics: inout Diagnostics) -> SQLParseTree? {
        switch PostgresParser.parse(snippet.value) {
        case .success(let tree):
            if tree.statements.isEmpty { diagnostics.append(CheckMessages.emptySQL(snippet.range)) }
            return tree
        case .failure(let error):
            diagnostics.append(
                CheckMessages.sqlSyntax(
                    error.message, newerThanParser: newerThanParser,
                    at: range(ofCharacter: error.characterPosition.map { $0 - 1 }, in: snippet)))
            return nil
        }
    }

    /// Parses a type or an expression; returns the parsed fragment, or nil after reporting why not.
    /// The fragment is pasted into a generated statement, so beyond parsing as exactly one type
    /// or expression it may hold no comment: `text --` parses as the type `text`, and would turn
    /// the rest of the generated line (`NOT NULL DEFAULT ...`) into a comment.
    @discardableResult
    func fragment(_ kind: Fragment, _ text: Located<String>, into diagnostics: inout Diagnostics) -> SQLNode? {
        let what = kind == .type ? "type" : "expression"
        if case .success(let tokens) = PostgresParser.scan(kind.prefix + text.value),
            let comment = tokens.first(where: \.isComment)
        {
            let prefixBytes = kind.prefix.utf8.count
            let offset = characterOffset(ofByte: max(0, comment.start - prefixBytes), in: text.value)
            let length = characterOffset(ofByte: max(0, comment.end - prefixBytes), in: text.value) - offset
            diagnostics.append(
                CheckMessages.commentInFragment(
                    what, at: QueryLocator.range(ofOffset: offset, length: max(1, length), in: text, source: source)))
            return nil
        }
        switch PostgresParser.parse(kind.prefix + text.value) {
        case .failure(let error):
            let offset = error.characterPosition.map { max(0, $0 - 1 - kind.prefix.unicodeScalars.count) }
            diagnostics.append(
                CheckMessages.sqlSyntax(error.message, newerThanParser: newerThanParser, at: range(ofCharacter: offset, in: text)))
            return nil
        case .success(let tree):
            let statements = tree.statements
            let targets = statements.first?.body["targetList"]?.items ?? []
            let value = targets.first?["ResTarget"]?["val"]
            let single =
                statements.count == 1 && statements[0].kind == "SelectStmt" && targets.count == 1
                && statements[0].body["fromClause"] == nil && statements[0].body["whereClause"] == nil
                && targets[0]["ResTarget"]?["name"] == nil
            let isType = value?["TypeCast"]?["arg"]?["A_Const"]?["isnull"]?.isTrue == true
            guard single, let value, kind == .expression || isType else {
                diagnostics.append(CheckMessages.notOneFragment(what, at: text.range))
                return nil
            }
            return value
        }
    }

    /// The spec range of a statement inside a snippet: its first line, after the blanks and
    /// comments that PostgreSQL counts as part of it.
    func range(of statement: SQLStatement, in tree: SQLParseTree, snippet: Located<String>) -> SourceRange {
        var startByte = statement.byteOffset
        if case .success(let tokens) = PostgresParser.scan(snippet.value),
            let first = tokens.first(where: { $0.start >= statement.byteOffset && !$0.isComment })
        {
            startByte = first.start
        }
        let start = tree.characterOffset(ofByte: startByte)
        let scalars = Array(snippet.value.unicodeScalars)
        var first = start
        while first < scalars.count, scalars[first].properties.isWhitespace { first += 1 }
        var end = first
        while end < scalars.count, scalars[end] != "\n", scalars[end] != ";" { end += 1 }
        return QueryLocator.range(ofOffset: first, length: max(1, end - first), in: snippet, source: source)
    }

    /// The character (Unicode scalar) offset of a byte offset into UTF-8 text.
    private func characterOffset(ofByte byteOffset: Int, in text: String) -> Int {
        var bytes = 0
        var characters = 0
        for scalar in text.unicodeScalars {
            if bytes >= byteOffset { break }
            bytes += String(scalar).utf8.count
            characters += 1
        }
        return characters
    }

    private func range(ofCharacter offset: Int?, in text: Located<String>) -> SourceRange {
        guard let offset else { return text.range }
        let clamped = min(max(0, offset), max(0, text.value.unicodeScalars.count - 1))
        return QueryLocator.range(ofOffset: clamped, length: 1, in: text, source: source)
    }
}

/// Functions whose value changes per row: as a column default they make PostgreSQL rewrite the
/// whole table (a constant or STABLE default is stored once in the catalog since PostgreSQL 11).
enum VolatileFunctions {
    static let names: Set<String> = [
        "random", "clock_timestamp", "timeofday", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc",
        "uuid_generate_v4", "nextval", "setseed", "txid_current", "pg_current_xact_id", "random_normal",
    ]

    static func first(in node: SQLNode) -> String? {
        node.descendants(tagged: "FuncCall").compactMap { $0["funcname"]?.nameParts.last }
            .first { names.contains($0.lowercased()) }
    }
}
