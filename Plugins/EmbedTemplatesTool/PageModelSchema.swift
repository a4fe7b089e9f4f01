import Foundation

/// The type of a page-model field, as far as a template can tell types apart: what a section
/// does with a value depends only on these cases (swift-mustache Template+Render.swift,
/// `renderSection`: a sequence repeats, a Bool decides, anything else is pushed once).
indirect enum FieldType: Equatable {
    case string, int, bool
    case model(String)
    case array(FieldType)
    case optional(FieldType)

    /// `String`, `Int`, `Bool`, `[T]`, `T?` and the model's own struct names.
    static func parse(_ text: String, models: Set<String>) -> FieldType? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("?") {
            return parse(String(text.dropLast()), models: models).map { .optional($0) }
        }
        if text.hasPrefix("["), text.hasSuffix("]") {
            return parse(String(text.dropFirst().dropLast()), models: models).map { .array($0) }
        }
        switch text {
        case "String": return .string
        case "Int": return .int
        case "Bool": return .bool
        default: return models.contains(text) ? .model(text) : nil
        }
    }
}

/// The page model's structs and their stored properties, read from the Swift files that
/// declare them. The reading is deliberately narrow (`struct NAME: Sendable {` at the start of
/// a line, one stored property per four-space-indented line): anything it misreads makes the
/// generated code fail to type-check, so a mistake cannot pass silently.
struct PageModelSchema {
    struct Field {
        let name: String
        let type: FieldType
    }

    /// Struct name -> its stored properties in declaration order.
    private(set) var fields: [String: [Field]] = [:]
    /// Struct names in the order the files declare them (for stable output).
    private(set) var order: [String] = []

    init(sources: [(path: String, text: String)]) throws(ToolError) {
        var declared: [(name: String, path: String, lines: [(number: Int, text: String)])] = []
        for source in sources {
            var current: (name: String, lines: [(number: Int, text: String)])?
            for (index, line) in source.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = String(line)
                if let name = Self.structName(line) {
                    current = (name, [])
                } else if line == "}", let open = current {
                    declared.append((open.name, source.path, open.lines))
                    current = nil
                } else if current != nil {
                    current?.lines.append((index + 1, line))
                }
            }
        }
        let models = Set(declared.map(\.name))
        for model in declared {
            var modelFields: [Field] = []
            for line in model.lines {
                guard let (name, typeText, defaultText) = Self.storedProperty(line.text) else { continue }
                let type: FieldType? =
                    if let typeText { FieldType.parse(typeText, models: models) } else { defaultText.flatMap(Self.inferredType) }
                guard let type else {
                    throw ToolError("\(model.path):\(line.number): the type of '\(name)' is not one a template can use")
                }
                modelFields.append(Field(name: name, type: type))
            }
            fields[model.name] = modelFields
            order.append(model.name)
        }
    }

    func field(_ name: String, of model: String) -> Field? {
        fields[model]?.first { $0.name == name }
    }

    private static func structName(_ line: String) -> String? {
        guard line.hasPrefix("struct "), line.hasSuffix(": Sendable {") else { return nil }
        let name = line.dropFirst("struct ".count).dropLast(": Sendable {".count)
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } ? String(name) : nil
    }

    /// `    var name: Type`, `    let name: Type = value`, `    var name = literal`; computed
    /// properties (a `{` on the line) and nested declarations are not stored fields.
    private static func storedProperty(_ line: String) -> (String, String?, String?)? {
        guard line.hasPrefix("    var ") || line.hasPrefix("    let "), !line.contains("{") else { return nil }
        let rest = line.dropFirst("    var ".count)
        let (declaration, defaultText): (Substring, String?) =
            if let equals = rest.firstIndex(of: "=") {
                (rest[..<equals], String(rest[rest.index(after: equals)...]).trimmingCharacters(in: .whitespaces))
            } else {
                (rest, nil)
            }
        let parts = declaration.split(separator: ":", maxSplits: 1)
        guard let name = parts.first?.trimmingCharacters(in: .whitespaces), !name.isEmpty,
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        else { return nil }
        return (name, parts.count == 2 ? String(parts[1]) : nil, defaultText)
    }

    private static func inferredType(_ literal: String) -> FieldType? {
        if literal == "true" || literal == "false" { return .bool }
        if !literal.isEmpty, literal.allSatisfy(\.isNumber) { return .int }
        if literal.hasPrefix("\""), literal.hasSuffix("\"") { return .string }
        return nil
    }
}

struct ToolError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
