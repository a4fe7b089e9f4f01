public import JSON

extension SourceRange {
    public var json: JSONValue {
        .object([
            ("file", .string(path)),
            ("line", .int(start.line)), ("column", .int(start.column)),
            ("endLine", .int(end.line)), ("endColumn", .int(end.column)),
        ])
    }
}

extension Diagnostic {
    /// The machine form: one object per diagnostic, for editors and CI annotations.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(id)), ("severity", .string(severity.rawValue)), ("message", .string(message)),
        ]
        members.append(("range", range?.json ?? .null))
        members.append(
            (
                "notes",
                .array(
                    notes.map { note in
                        .object([("message", .string(note.message)), ("range", note.range?.json ?? .null)])
                    })
            ))
        if let fixIt {
            members.append(("fixIt", .object([("range", fixIt.range.json), ("replacement", .string(fixIt.replacement))])))
        }
        return .object(members)
    }
}

extension Diagnostics {
    public var json: JSONValue {
        .object([
            ("errors", .int(errorCount)), ("warnings", .int(warningCount)),
            ("diagnostics", .array(sorted.map(\.json))),
        ])
    }
}
