/// One piece of a parsed template.
indirect enum TemplateToken {
    case text(String)
    case variable(String, escaped: Bool)
    case section(String, inverted: Bool, body: [TemplateToken])
    case partial(String)
}

/// Parses the Mustache the built-in templates use (variables, `{{{raw}}}`, `{{&raw}}`,
/// sections, inverted sections, partials, comments) with exactly the whitespace rules of the
/// engine that renders a team's own templates, so both give the same bytes. Those rules are
/// swift-mustache's (Sources/Mustache/Template+Parser.swift, `parse`), including two of its
/// quirks: after a section the line counts as fresh only when the section's opening tag stood
/// alone, and the spaces before a non-standalone comment stay for the text that follows it.
/// Anything beyond that subset (delimiters, pragmas, inheritance, transforms, indented
/// partials) is an error: the built-in set does not use it, and a team's template that does
/// is rendered by the engine itself.
struct TemplateParser {
    private let characters: [Character]
    private var position = 0
    private let file: String

    init(_ text: String, file: String) {
        characters = Array(text)
        self.file = file
    }

    static func parse(_ text: String, file: String) throws(ToolError) -> [TemplateToken] {
        var parser = TemplateParser(text, file: file)
        return try parser.parseTokens(section: nil, newLine: true)
    }

    private var atEnd: Bool { position >= characters.count }
    private var current: Character? { atEnd ? nil : characters[position] }

    private mutating func parseTokens(section: String?, newLine startsOnNewLine: Bool) throws(ToolError) -> [TemplateToken] {
        var tokens: [TemplateToken] = []
        var newLine = startsOnNewLine
        var whiteSpaceBefore = ""
        while !atEnd {
            if newLine {
                whiteSpaceBefore = read { $0 == " " || $0 == "\t" }
            }
            let text = readUntilTagOrNewline()
            if let character = current, character.isNewline {
                tokens.append(.text(whiteSpaceBefore + text + String(character)))
                newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                tokens.append(.text(whiteSpaceBefore + text))
                whiteSpaceBefore = ""
                newLine = false
            }
            guard let kind = current else { break }
            var standalone = false
            switch kind {
            case "#", "^":
                position += 1
                let name = try readName()
                standalone = newLine && lineFinished()
                if !standalone, !whiteSpaceBefore.isEmpty {
                    tokens.append(.text(whiteSpaceBefore))
                    whiteSpaceBefore = ""
                }
                let body = try parseTokens(section: name, newLine: standalone)
                tokens.append(.section(name, inverted: kind == "^", body: body))
            case "/":
                position += 1
                let name = try readName()
                guard name == section else { throw error("'{{/\(name)}}' closes no open section") }
                if !(newLine && lineFinished()), !whiteSpaceBefore.isEmpty {
                    tokens.append(.text(whiteSpaceBefore))
                }
                return tokens
            case "!":
                position += 1
                guard let end = find("}}") else { throw error("a comment is not closed") }
                position = end + 2
                standalone = newLine && lineFinished()
            case "{", "&":
                if !whiteSpaceBefore.isEmpty {
                    tokens.append(.text(whiteSpaceBefore))
                    whiteSpaceBefore = ""
                }
                position += 1
                let name = try readName()
                if kind == "{" {
                    guard current == "}" else { throw error("'{{{\(name)}}' needs a third closing brace") }
                    position += 1
                }
                tokens.append(.variable(name, escaped: false))
            case ">":
                position += 1
                _ = read(while: \.isWhitespace)
                let name = read { $0.isLetter || $0.isNumber || "-_./".contains($0) }
                _ = read(while: \.isWhitespace)
                guard consume("}}") else { throw error("the partial '\(name)' is not closed") }
                if !whiteSpaceBefore.isEmpty {
                    tokens.append(.text(whiteSpaceBefore))
                }
                standalone = newLine && lineFinished()
                if standalone, !whiteSpaceBefore.isEmpty {
                    throw error("the partial '\(name)' is indented: built-in templates keep partials at the start of a line")
                }
                tokens.append(.partial(name))
                whiteSpaceBefore = ""
            case "=", "%", "<", "$":
                throw error("'{{\(kind)' is not used by built-in templates")
            default:
                if !whiteSpaceBefore.isEmpty {
                    tokens.append(.text(whiteSpaceBefore))
                    whiteSpaceBefore = ""
                }
                tokens.append(.variable(try readName(), escaped: true))
            }
            newLine = standalone
        }
        if let section { throw error("'{{#\(section)}}' is never closed") }
        return tokens
    }

    /// Text up to a line end or just past an opening `{{`.
    private mutating func readUntilTagOrNewline() -> String {
        var text = ""
        while let character = current {
            if character.isNewline { break }
            if character == "{", position + 1 < characters.count, characters[position + 1] == "{" {
                position += 2
                break
            }
            text.append(character)
            position += 1
        }
        return text
    }

    /// A tag's name up to its `}}`; dotted names are paths.
    private mutating func readName() throws(ToolError) -> String {
        _ = read(while: \.isWhitespace)
        let name = read { $0.isLetter || $0.isNumber || "._-".contains($0) }
        _ = read(while: \.isWhitespace)
        guard !name.isEmpty, consume("}}") else {
            throw error("a tag's name must be letters, digits and dots, closed by '}}'")
        }
        return name
    }

    /// A tag stands alone when only spaces follow it to the end of its line; the line end is
    /// then consumed with it.
    private mutating func lineFinished() -> Bool {
        if atEnd { return true }
        var probe = position
        while probe < characters.count, characters[probe] == " " || characters[probe] == "\t" { probe += 1 }
        guard probe < characters.count, characters[probe].isNewline else { return false }
        position = probe + 1
        return true
    }

    private mutating func read(while accept: (Character) -> Bool) -> String {
        var text = ""
        while let character = current, accept(character) {
            text.append(character)
            position += 1
        }
        return text
    }

    private mutating func consume(_ literal: String) -> Bool {
        let expected = Array(literal)
        guard position + expected.count <= characters.count, Array(characters[position..<position + expected.count]) == expected else {
            return false
        }
        position += expected.count
        return true
    }

    private func find(_ literal: String) -> Int? {
        let expected = Array(literal)
        var probe = position
        while probe + expected.count <= characters.count {
            if Array(characters[probe..<probe + expected.count]) == expected { return probe }
            probe += 1
        }
        return nil
    }

    private func error(_ message: String) -> ToolError {
        let line = characters[..<min(position, characters.count)].count { $0.isNewline } + 1
        return ToolError("templates/\(file):\(line): \(message)")
    }
}
