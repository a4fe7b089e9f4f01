public import JSON

/// Diagnostics in the forms CI systems read: GitHub Actions workflow commands (inline
/// annotations on a pull request) and SARIF 2.1.0 (code scanning).
extension Diagnostics {
    /// One `::error file=...,line=...,col=...,endLine=...,endColumn=...,title=RULE::message` line
    /// per diagnostic (`::warning`, `::notice`), notes appended to the message. The escaping is
    /// the runner's own (actions/toolkit, packages/core/src/command.ts): `%`, CR and LF in the
    /// message; also `:` and `,` in properties.
    public var githubWorkflowCommands: String {
        sorted.map { diagnostic in
            let command =
                switch diagnostic.severity {
                case .error: "error"
                case .warning: "warning"
                case .note: "notice"
                }
            var properties: [(String, String)] = []
            if let range = diagnostic.range {
                properties += [
                    ("file", range.path), ("line", String(range.start.line)), ("col", String(range.start.column)),
                    ("endLine", String(range.end.line)), ("endColumn", String(range.end.column)),
                ]
            }
            properties.append(("title", diagnostic.id))
            let message = ([diagnostic.message] + diagnostic.notes.map { "note: " + $0.message }).joined(separator: "\n")
            let listed = properties.map { $0.0 + "=" + Self.escapeProperty($0.1) }.joined(separator: ",")
            return "::\(command) \(listed)::\(Self.escapeData(message))\n"
        }.joined()
    }

    static func escapeData(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            case "\r\n": out += "%0D%0A"
            default: out.append(character)
            }
        }
        return out
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).split(separator: ":", omittingEmptySubsequences: false).joined(separator: "%3A")
            .split(separator: ",", omittingEmptySubsequences: false).joined(separator: "%2C")
    }

    /// A SARIF 2.1.0 log with one run: every rule that fired (its id, a short description and the
    /// help its notes give) and every result with its region. Columns are 1-based, in
    /// characters, as SARIF's default `columnKind` (utf16CodeUnits) differs only beyond the BMP.
    public func sarif(toolName: String, version: String, informationURI: String) -> JSONValue {
        let ordered = sorted
        var rules: [String] = []
        for diagnostic in ordered where !rules.contains(diagnostic.id) { rules.append(diagnostic.id) }
        let ruleObjects = rules.map { id -> JSONValue in
            let first = ordered.first { $0.id == id }
            let help = first?.notes.map(\.message).joined(separator: "\n") ?? ""
            var members: [(String, JSONValue)] = [
                ("id", .string(id)),
                ("shortDescription", .object([("text", .string(first?.message ?? id))])),
            ]
            members.append(("help", .object([("text", .string(help.isEmpty ? (first?.message ?? id) : help))])))
            members.append(("defaultConfiguration", .object([("level", .string(Self.level(first?.severity ?? .error)))])))
            return .object(members)
        }
        let results = ordered.map { diagnostic -> JSONValue in
            var members: [(String, JSONValue)] = [
                ("ruleId", .string(diagnostic.id)),
                ("ruleIndex", .int(rules.firstIndex(of: diagnostic.id) ?? 0)),
                ("level", .string(Self.level(diagnostic.severity))),
                ("message", .object([("text", .string(diagnostic.message))])),
            ]
            if let range = diagnostic.range {
                let region: JSONValue = .object([
                    ("startLine", .int(max(1, range.start.line))), ("startColumn", .int(max(1, range.start.column))),
                    ("endLine", .int(max(1, range.end.line))), ("endColumn", .int(max(1, range.end.column))),
                ])
                let physical: JSONValue = .object([
                    ("artifactLocation", .object([("uri", .string(Self.uri(range.path)))])), ("region", region),
                ])
                members.append(("locations", .array([.object([("physicalLocation", physical)])])))
            }
            return .object(members)
        }
        let driver: JSONValue = .object([
            ("name", .string(toolName)), ("version", .string(version)), ("informationUri", .string(informationURI)),
            ("rules", .array(ruleObjects)),
        ])
        return .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([("tool", .object([("driver", driver)])), ("results", .array(results))])])),
        ])
    }

    private static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// A relative path as a URI reference: each segment percent-encoded where RFC 3986 asks.
    static func uri(_ path: String) -> String {
        var out = path.hasPrefix("/") ? "file://" : ""
        for byte in path.utf8 {
            let character = Character(Unicode.Scalar(byte))
            if character.isASCII && (character.isLetter || character.isNumber || "-._~/".contains(character)) {
                out.append(character)
            } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
