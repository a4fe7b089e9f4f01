import Diagnostics
public import JSON

/// `glidepath schema`: the language as a JSON Schema (draft-07), for yaml-language-server and
/// other editors. Every object type becomes a definition; patterns come from `TextKind`.
public enum JSONSchemaGenerator {
    public static func schema() -> JSONValue {
        var definitions: [(String, JSONValue)] = []
        var seen = Set<String>()
        collect(Language.root, into: &definitions, seen: &seen)
        return .object([
            ("$schema", .string("http://json-schema.org/draft-07/schema#")),
            ("$id", .string("https://glidepath.dev/schemas/v1alpha1/migration.json")),
            ("title", .string("glidepath migration spec (\(Language.apiVersion))")),
            ("$ref", .string("#/definitions/Migration")),
            ("definitions", .object(definitions)),
        ])
    }

    private static func collect(_ type: ObjectType, into definitions: inout [(String, JSONValue)], seen: inout Set<String>) {
        guard seen.insert(type.name).inserted else { return }
        definitions.append((type.name, object(type)))
        for field in type.fields {
            for nested in objects(in: field.type) {
                collect(nested, into: &definitions, seen: &seen)
            }
        }
    }

    private static func objects(in type: FieldType) -> [ObjectType] {
        switch type {
        case .object(let object): [object]
        case .list(let element, _), .dictionary(_, let element): objects(in: element)
        default: []
        }
    }

    private static func object(_ type: ObjectType) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("type", .string("object")), ("description", .string(type.summary)),
            ("additionalProperties", .bool(false)),
            ("properties", .object(type.fields.map { ($0.name, property($0)) })),
        ]
        let required = type.fields.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { members.append(("required", .array(required))) }
        let rules: [JSONValue] = type.rules.map { rule in
            let branches = rule.names.map { JSONValue.object([("required", .array([.string($0)]))]) }
            switch rule {
            case .exactlyOne: return .object([("oneOf", .array(branches))])
            case .atLeastOne: return .object([("anyOf", .array(branches))])
            }
        }
        if !rules.isEmpty { members.append(("allOf", .array(rules))) }
        return .object(members)
    }

    private static func property(_ field: Field) -> JSONValue {
        guard case .object(var members) = schema(for: field.type) else { return .null }
        var description = field.summary
        switch field.defaultValue {
        case .literal(let value): members.append(("default", value))
        case .derived(let how): description += " Default: " + how.replacingBackticks + "."
        case .none: break
        }
        members.insert(("description", .string(description)), at: 0)
        return .object(members)
    }

    static func schema(for type: FieldType) -> JSONValue {
        switch type {
        case .text(let kind):
            var members: [(String, JSONValue)] = [("type", .string("string"))]
            if let pattern = kind.pattern { members.append(("pattern", .string(pattern))) }
            if let limit = kind.maxLength { members.append(("maxLength", .int(limit))) }
            if !kind.allowsEmpty { members.append(("minLength", .int(1))) }
            return .object(members)
        case .integer(let min, let max):
            return .object([("type", .string("integer")), ("minimum", .int(min)), ("maximum", .int(max))])
        case .number(let min, let max):
            var members: [(String, JSONValue)] = [("type", .string("number")), ("minimum", .number(min))]
            if let max { members.append(("maximum", .number(max))) }
            return .object(members)
        case .percent(let max):
            return .object([
                (
                    "anyOf",
                    .array([
                        .object([("type", .string("number")), ("minimum", .int(0)), ("maximum", .number(max))]),
                        .object([("type", .string("string")), ("pattern", .string("^[0-9]+(\\.[0-9]+)?%$"))]),
                    ])
                )
            ])
        case .duration:
            return .object([("type", .string("string")), ("pattern", .string(durationPattern))])
        case .boolean:
            return .object([("type", .string("boolean"))])
        case .choice(let options):
            return .object([("type", .string("string")), ("enum", .array(options.map(JSONValue.string)))])
        case .object(let object):
            return .object([("$ref", .string("#/definitions/\(object.name)"))])
        case .list(let element, let minItems):
            var members: [(String, JSONValue)] = [("type", .string("array")), ("items", schema(for: element))]
            if minItems > 0 { members.append(("minItems", .int(minItems))) }
            return .object(members)
        case .dictionary(let key, let element):
            return .object([
                ("type", .string("object")), ("propertyNames", schema(for: .text(key))),
                ("additionalProperties", schema(for: element)),
            ])
        }
    }

    public static let durationPattern = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h|d))+$"
}

extension String {
    /// Docs use Markdown code spans; JSON Schema descriptions show as plain text in editors.
    var replacingBackticks: String { filter { $0 != "`" } }
}
