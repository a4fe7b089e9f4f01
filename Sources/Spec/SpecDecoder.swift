public import Diagnostics
import JSON
import Units
public import YAML

/// Checks a YAML node tree against the `Language` and turns it into `SpecObject`s: unknown
/// keys (with a suggestion), missing keys, wrong types, out-of-range values and broken
/// field-group rules all become located diagnostics, every one of them in a single pass.
public struct SpecDecoder {
    private var diagnostics = Diagnostics()

    public static func decode(_ root: YAMLNode, diagnostics: inout Diagnostics) -> SpecObject? {
        var decoder = SpecDecoder()
        defer { diagnostics.append(contentsOf: decoder.diagnostics) }
        guard root.pairs != nil else {
            decoder.report(SpecMessages.topLevelNotMapping(found: root.typeName, at: root.range))
            return nil
        }
        return decoder.object(root, Language.root, keyRange: root.range)
    }

    /// Decodes one mapping against an object type (the spec's root, or a type under test).
    static func decodeObject(_ node: YAMLNode, as type: ObjectType, diagnostics: inout Diagnostics) -> SpecObject? {
        var decoder = SpecDecoder()
        defer { diagnostics.append(contentsOf: decoder.diagnostics) }
        return decoder.object(node, type, keyRange: node.range)
    }

    private mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    private mutating func object(_ node: YAMLNode, _ type: ObjectType, keyRange: SourceRange) -> SpecObject? {
        guard let pairs = node.pairs else {
            report(SpecMessages.typeMismatch(expected: type.name + " mapping", found: node, at: node.range))
            return nil
        }
        var fields: [String: SpecNode] = [:]
        for pair in pairs {
            guard let field = type.field(pair.name) else {
                report(SpecMessages.unknownKey(pair.name, in: type, at: pair.key.range))
                continue
            }
            if let value = value(pair.value, field.type, keyRange: pair.key.range) {
                fields[field.name] = value
            }
        }
        for field in type.fields where fields[field.name] == nil && pairs.allSatisfy({ $0.name != field.name }) {
            if field.required {
                report(SpecMessages.missingKey(field.name, in: type, at: keyRange))
            } else if case .literal(let literal) = field.defaultValue {
                fields[field.name] = defaultValue(literal, field.type, at: keyRange)
            }
        }
        for rule in type.rules {
            let present = rule.names.filter { name in pairs.contains { $0.name == name } }
            switch rule {
            case .exactlyOne(let names) where present.count != 1:
                report(SpecMessages.exactlyOne(names, present: present, in: type, at: keyRange))
            case .atLeastOne(let names) where present.isEmpty:
                report(SpecMessages.atLeastOne(names, in: type, at: keyRange))
            default: break
            }
        }
        return SpecObject(type: type, fields: fields, range: node.range, keyRange: keyRange)
    }

    /// Defaults are literals of the language itself, so they decode without problems; they
    /// take the range of the object that omitted them, which is where a user would add them.
    private mutating func defaultValue(_ literal: JSONValue, _ type: FieldType, at range: SourceRange) -> SpecNode? {
        let node = YAMLNode(literal, at: range)
        var decoded = value(node, type, keyRange: range)
        decoded?.isDefault = true
        return decoded
    }

    private mutating func value(_ node: YAMLNode, _ type: FieldType, keyRange: SourceRange) -> SpecNode? {
        let decoded: SpecValue?
        switch type {
        case .object(let objectType):
            decoded = object(node, objectType, keyRange: keyRange).map(SpecValue.object)
        case .list(let element, let minItems):
            guard let items = node.items else {
                report(SpecMessages.typeMismatch(expected: type.title, found: node, at: node.range))
                return nil
            }
            if items.count < minItems {
                report(SpecMessages.tooFewItems(minItems, at: node.range))
            }
            decoded = .list(items.compactMap { value($0, element, keyRange: $0.range) })
        case .dictionary(let keyKind, let element):
            guard let pairs = node.pairs else {
                report(SpecMessages.typeMismatch(expected: type.title, found: node, at: node.range))
                return nil
            }
            decoded = .dictionary(
                pairs.compactMap { pair in
                    if let problem = ScalarRules.problem(with: pair.name, as: keyKind) {
                        report(SpecMessages.invalidText(pair.name, kind: keyKind, problem: problem, at: pair.key.range))
                        return nil
                    }
                    return value(pair.value, element, keyRange: pair.key.range).map { (pair.name, $0) }
                })
        default:
            guard let scalar = node.scalar else {
                report(SpecMessages.typeMismatch(expected: type.title, found: node, at: node.range))
                return nil
            }
            decoded = self.scalar(scalar, type, at: node.range)
        }
        return decoded.map { SpecNode(value: $0, range: node.range, isDefault: false) }
    }

    private mutating func scalar(_ scalar: YAMLScalar, _ type: FieldType, at range: SourceRange) -> SpecValue? {
        let mismatch = SpecMessages.scalarMismatch(expected: type.title, found: scalar, at: range)
        switch type {
        case .text(let kind):
            if case .null = scalar.resolved {
                report(mismatch)
                return nil
            }
            if let unsafe = UnsafeCharacters.first(in: scalar.text, multiline: kind.allowsLineBreaks) {
                report(SpecMessages.unsafeCharacter(unsafe.scalar, offset: unsafe.offset, at: range))
                return nil
            }
            if let problem = ScalarRules.problem(with: scalar.text, as: kind) {
                report(SpecMessages.invalidText(scalar.text, kind: kind, problem: problem, at: range))
                return nil
            }
            return .text(scalar.text)
        case .integer(let min, let max):
            guard case .int(let number) = scalar.resolved else {
                report(mismatch)
                return nil
            }
            guard (min...max).contains(number) else {
                report(SpecMessages.outOfRange("\(number)", range: "\(min) to \(max)", at: range))
                return nil
            }
            return .integer(number)
        case .number(let min, let max):
            guard let number = ScalarRules.number(scalar) else {
                report(mismatch)
                return nil
            }
            guard number >= min, max.map({ number <= $0 }) ?? true, number.isFinite else {
                report(SpecMessages.outOfRange(scalar.text, range: max.map { "\(min) to \($0)" } ?? "at least \(min)", at: range))
                return nil
            }
            return .number(number)
        case .percent(let max):
            guard let number = ScalarRules.percent(scalar) else {
                report(mismatch)
                return nil
            }
            guard number >= 0, number <= max else {
                report(SpecMessages.outOfRange(scalar.text, range: "0% to \(JSONValue.number(max).serialized())%", at: range))
                return nil
            }
            return .percent(number)
        case .duration:
            if case .int(let seconds) = scalar.resolved {
                report(SpecMessages.durationWithoutUnit(seconds, at: range))
                return nil
            }
            guard let span = TimeSpan.parse(scalar.text) else {
                report(SpecMessages.invalidDuration(scalar.text, at: range))
                return nil
            }
            return .duration(span)
        case .boolean:
            guard case .bool(let flag) = scalar.resolved else {
                report(mismatch)
                return nil
            }
            return .boolean(flag)
        case .choice(let options):
            guard options.contains(scalar.text), !scalar.text.isEmpty else {
                report(SpecMessages.notAChoice(scalar.text, options: options, at: range))
                return nil
            }
            return .text(scalar.text)
        case .object, .list, .dictionary:
            report(mismatch)
            return nil
        }
    }
}

extension FieldGroupRule {
    var names: [String] {
        switch self {
        case .exactlyOne(let names), .atLeastOne(let names): names
        }
    }
}

extension YAMLNode {
    /// A node for a language default, placed at `range`.
    init(_ literal: JSONValue, at range: SourceRange) {
        func scalar(_ text: String, quoted: Bool = false) -> Content {
            .scalar(
                YAMLScalar(
                    text: text, isQuoted: quoted,
                    resolved: quoted ? .string(text) : CoreSchema.resolve(plain: text)))
        }
        let content: Content =
            switch literal {
            case .null: scalar("null")
            case .bool(let flag): scalar(flag ? "true" : "false")
            case .int(let number): scalar(String(number))
            case .number(let number): scalar(JSONValue.number(number).serialized())
            case .string(let text): scalar(text, quoted: true)
            case .array(let items): .sequence(items.map { YAMLNode($0, at: range) })
            case .object(let members):
                .mapping(members.map { YAMLPair(key: YAMLNode(.string($0.0), at: range), value: YAMLNode($0.1, at: range)) })
            }
        self.init(content: content, range: range)
    }
}
