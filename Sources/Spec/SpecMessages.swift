import Diagnostics
import YAML

/// Every message of the spec decoder, in one place: lowercase, no final period, names quoted.
enum SpecMessages {
    static func topLevelNotMapping(found: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: "spec.not-a-mapping", severity: .error,
            message: "a migration spec is a mapping at the top level, but this is a \(found)", range: range,
            notes: [DiagnosticNote("start the file with 'apiVersion: \(Language.apiVersion)' and 'kind: \(Language.kind)'")])
    }

    static func notASpec(path: String) -> Diagnostic {
        Diagnostic(
            id: "spec.not-a-spec", severity: .error,
            message: "not a glidepath spec: the file is not a YAML mapping with 'kind: \(Language.kind)'",
            range: SourceRange.point(path, line: 1, column: 1),
            notes: [
                DiagnosticNote(
                    "a spec starts with 'apiVersion: \(Language.apiVersion)' and 'kind: \(Language.kind)'; nothing else of this file is shown"
                )
            ])
    }

    static func unknownKey(_ name: String, in type: ObjectType, at range: SourceRange) -> Diagnostic {
        let known = type.fields.map(\.name)
        if let guess = Suggestion.closest(to: name, among: known) {
            return Diagnostic(
                id: "spec.unknown-key", severity: .error, message: "unknown key '\(name)' in \(type.name)", range: range,
                notes: [DiagnosticNote("did you mean '\(guess)'?")], fixIt: FixIt(range: range, replacement: guess))
        }
        return Diagnostic(
            id: "spec.unknown-key", severity: .error, message: "unknown key '\(name)' in \(type.name)", range: range,
            notes: [DiagnosticNote("\(type.name) has: " + known.joined(separator: ", "))])
    }

    static func missingKey(_ name: String, in type: ObjectType, at range: SourceRange) -> Diagnostic {
        let summary = type.field(name)?.summary ?? ""
        return Diagnostic(
            id: "spec.missing-key", severity: .error, message: "\(type.name) is missing required key '\(name)'",
            range: range, notes: [DiagnosticNote("'\(name)': \(summary)")])
    }

    static func typeMismatch(expected: String, found node: YAMLNode, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: "spec.type-mismatch", severity: .error, message: "expected \(expected), found \(node.typeName)",
            range: range)
    }

    static func scalarMismatch(expected: String, found scalar: YAMLScalar, at range: SourceRange) -> Diagnostic {
        var notes: [DiagnosticNote] = []
        var fixIt: FixIt?
        let quotedNumber = scalar.isQuoted && CoreSchema.resolve(plain: scalar.text) != .string(scalar.text)
        if quotedNumber, expected != "string" {
            notes.append(DiagnosticNote("the value is quoted, which makes it a string; remove the quotes"))
            fixIt = FixIt(range: range, replacement: scalar.text)
        }
        if expected == "boolean", ["yes", "no", "on", "off", "y", "n"].contains(scalar.text.lowercased()) {
            notes.append(DiagnosticNote("YAML 1.2 reads '\(scalar.text)' as a string; write true or false"))
        }
        let shown = scalar.resolved == .null ? "null" : "\(scalar.typeName) '\(scalar.text)'"
        return Diagnostic(
            id: "spec.type-mismatch", severity: .error, message: "expected \(expected), found \(shown)", range: range,
            notes: notes, fixIt: fixIt)
    }

    static func invalidText(_ text: String, kind: TextKind, problem: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: "spec.invalid-\(kind == .dnsLabel || kind == .serviceName ? "name" : "text")", severity: .error,
            message: "'\(text)' is not a valid \(kind.title): \(problem)", range: range,
            notes: kind.rule.map { [DiagnosticNote("a \(kind.title) has \($0)")] } ?? [])
    }

    static func unsafeCharacter(_ scalar: Unicode.Scalar, offset: Int, at range: SourceRange) -> Diagnostic {
        let what =
            UnsafeCharacters.isBidiControl(scalar)
            ? "a bidirectional control character (\(UnsafeCharacters.name(scalar))), which makes text display in another order than it runs"
            : "a control character (\(UnsafeCharacters.name(scalar)))"
        return Diagnostic(
            id: "spec.unsafe-character", severity: .error,
            message: "the value holds \(what) at character \(offset + 1)", range: range,
            notes: [DiagnosticNote("it would reach terminals, manifests and the runbook as it is; write the text without it")])
    }

    static func outOfRange(_ value: String, range allowed: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: "spec.out-of-range", severity: .error, message: "\(value) is out of range",
            range: range, notes: [DiagnosticNote("allowed: \(allowed)")])
    }

    static func durationWithoutUnit(_ number: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: "spec.invalid-duration", severity: .error, message: "duration \(number) has no unit", range: range,
            notes: [DiagnosticNote("write '\(number)s' for seconds (units: ms, s, m, h, d)")],
            fixIt: FixIt(range: range, replacement: "\(number)s"))
    }

    static func invalidDuration(_ text: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: "spec.invalid-duration", severity: .error, message: "'\(text)' is not a duration", range: range,
            notes: [DiagnosticNote("write a number and a unit, such as 90s, 2m, 1h30m or 500ms (units: ms, s, m, h, d)")])
    }

    static func notAChoice(_ text: String, options: [String], at range: SourceRange) -> Diagnostic {
        var notes = [DiagnosticNote("allowed: " + options.map { "'\($0)'" }.joined(separator: ", "))]
        var fixIt: FixIt?
        if let guess = Suggestion.closest(to: text, among: options) {
            notes.insert(DiagnosticNote("did you mean '\(guess)'?"), at: 0)
            fixIt = FixIt(range: range, replacement: guess)
        }
        return Diagnostic(
            id: "spec.invalid-choice", severity: .error, message: "'\(text)' is not an allowed value", range: range,
            notes: notes, fixIt: fixIt)
    }

    static func tooFewItems(_ minimum: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: "spec.too-few-items", severity: .error,
            message: "the list needs at least \(minimum) item\(minimum == 1 ? "" : "s")", range: range)
    }

    static func exactlyOne(_ names: [String], present: [String], in type: ObjectType, at range: SourceRange) -> Diagnostic {
        let list = names.map { "'\($0)'" }.joined(separator: ", ")
        let message =
            present.isEmpty
            ? "\(type.name) needs one of \(list)"
            : "\(type.name) takes only one of \(list), but sets " + present.map { "'\($0)'" }.joined(separator: " and ")
        return Diagnostic(id: "spec.exclusive-keys", severity: .error, message: message, range: range)
    }

    static func atLeastOne(_ names: [String], in type: ObjectType, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: "spec.missing-key", severity: .error,
            message: "\(type.name) needs at least one of " + names.map { "'\($0)'" }.joined(separator: ", "), range: range)
    }
}
