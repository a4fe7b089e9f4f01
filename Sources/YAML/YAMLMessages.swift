import Diagnostics

/// Every message the YAML layer can produce, in one place.
enum YAMLMessages {
    static func syntax(_ problem: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "yaml.syntax", severity: .error, message: "invalid YAML: \(problem)", range: range)
    }

    static func emptyDocument(at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: "yaml.empty", severity: .error, message: "the file holds no YAML document", range: range,
            notes: [DiagnosticNote("a migration spec starts with 'apiVersion: glidepath.dev/v1alpha1'")])
    }

    static func secondDocument(at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: "yaml.multiple-documents", severity: .error,
            message: "a spec file holds exactly one YAML document, but a second one starts here", range: range,
            notes: [DiagnosticNote("put each migration in its own file")])
    }

    static func tooDeep(_ limit: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: "yaml.too-deep", severity: .error, message: "nesting deeper than \(limit) levels", range: range,
            notes: [DiagnosticNote("a migration spec needs only a few levels; is this the right file?")])
    }

    static func tooManyNodes(_ limit: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: "yaml.too-many-nodes", severity: .error,
            message: "the document expands to more than \(limit) nodes", range: range,
            notes: [DiagnosticNote("aliases that repeat anchors of anchors grow exponentially (an alias bomb)")])
    }

    static func unknownAlias(_ name: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: "yaml.unknown-alias", severity: .error,
            message: "alias '*\(name)' refers to no finished anchor '&\(name)'", range: range,
            notes: [DiagnosticNote("an anchor must be defined, and its node closed, before an alias uses it")])
    }

    static func unsupportedTag(_ tag: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: "yaml.unsupported-tag", severity: .error, message: "tag '\(tag)' is not supported", range: range,
            notes: [DiagnosticNote("specs use plain YAML 1.2 core-schema values; '!!str' forces a string")])
    }

    static func complexKey(at range: SourceRange) -> Diagnostic {
        Diagnostic(id: "yaml.complex-key", severity: .error, message: "mapping keys must be plain scalars", range: range)
    }

    static func duplicateKey(_ name: String, at range: SourceRange, first: SourceRange) -> Diagnostic {
        Diagnostic(
            id: "yaml.duplicate-key", severity: .error, message: "duplicate key '\(name)'", range: range,
            notes: [DiagnosticNote("first defined here; YAML readers would silently keep only one", at: first)])
    }

    static func notText(_ reason: String, path: String, at location: SourceLocation?) -> Diagnostic {
        let range = location.map { SourceRange(path: path, start: $0, end: $0) }
        return Diagnostic(id: "file.not-text", severity: .error, message: reason, range: range)
    }

    static func bidiControl(_ scalar: Unicode.Scalar, path: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            id: "file.bidi-control", severity: .error,
            message: "the file holds a bidirectional control character (\(UnsafeCharacters.name(scalar)))",
            range: SourceRange(path: path, start: location, end: location),
            notes: [
                DiagnosticNote("it makes the text display in another order than glidepath reads it (a \"Trojan Source\" trick); remove it")
            ])
    }

    static func tooLarge(bytes: Int, limit: Int, path: String) -> Diagnostic {
        Diagnostic(
            id: "file.too-large", severity: .error,
            message: "the file is \(bytes) bytes; a migration spec may be at most \(limit) bytes",
            range: SourceRange.point(path, line: 1, column: 1))
    }
}
