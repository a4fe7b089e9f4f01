import Diagnostics
import Foundation
import JSON
import Spec
import TestSupport
import Testing
import YAML

/// Every numeric field of the language, set to the extremes its type allows (and just past
/// them), through check, plan and compile of the real binary: each run ends with exit 0 or 1
/// and diagnostics, never a signal, whatever the arithmetic downstream does with the value.
@Suite struct NumericExtremesTests {
    enum Step: CustomStringConvertible {
        case key(String)
        case index(Int)
        var description: String {
            switch self {
            case .key(let name): name
            case .index(let index): "[\(index)]"
            }
        }
    }

    /// Paths of the numeric fields below an object type, list elements taken at index 0.
    static func numericFields(_ type: ObjectType, prefix: [Step] = [], seen: Set<String> = []) -> [([Step], FieldType)] {
        guard !seen.contains(type.name) else { return [] }
        var found: [([Step], FieldType)] = []
        for field in type.fields {
            let path = prefix + [.key(field.name)]
            switch field.type {
            case .integer, .number, .percent, .duration:
                found.append((path, field.type))
            case .object(let object):
                found += numericFields(object, prefix: path, seen: seen.union([type.name]))
            case .list(let element, _):
                switch element {
                case .object(let object): found += numericFields(object, prefix: path + [.index(0)], seen: seen.union([type.name]))
                case .integer, .number, .percent, .duration: found.append((path + [.index(0)], element))
                default: break
                }
            default:
                break
            }
        }
        return found
    }

    static func extremes(_ type: FieldType) -> [JSONValue] {
        switch type {
        case .integer(let min, let max):
            [.int(min), .int(max), .int(min - 1), .int(max + 1), .int(0), .int(Int.max), .number(1e300), .int(-1)]
        case .number(let min, let max):
            [
                .number(min), .number(1e-12), .number(.leastNonzeroMagnitude), .number(1e300), .number(1.7976931348623157e308),
                .number(max ?? 1e308),
                .int(-1),
            ]
        case .percent(let max):
            [.int(0), .number(1e-12), .number(max), .number(1e300), .int(-1), .string("0.000000000001%")]
        case .duration:
            [.string("0ms"), .string("1ms"), .string("0.0001ms"), .string("11574074d"), .string("100000000000000d"), .string("1.5ms")]
        default:
            []
        }
    }

    @Test func everyNumericFieldAtItsExtremesEndsInExitZeroOrOne() throws {
        // A spec is either expand/contract or a move to another database: the move's fields
        // vary on a base without the other phases, every other field on one without the move.
        let everyField = try Self.load(packageRoot + "/Tests/SpecTests/Fixtures/every-field.yaml")
        let withoutMove = Self.removing(everyField, "data", ["move"])
        let moveOnly = Self.removing(everyField, "data", ["expand", "backfill", "contract", "schedule", "verify"])
        let folder = try temporaryDirectory("extremes")
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        var described: [String: String] = [:]
        for (path, type) in Self.numericFields(Language.root) {
            for value in Self.extremes(type) {
                let isMove = path.count > 1 && path[1].description == "move"
                var spec = isMove ? moveOnly : withoutMove
                spec = Self.setting(spec, path, to: value)
                spec = Self.setting(spec, [.key("metadata"), .key("name")], to: .string("extreme-\(paths.count)"))
                let file = folder.appendingPathComponent("extreme-\(paths.count).yaml").path
                try Data(spec.serialized().utf8).write(to: URL(fileURLWithPath: file))
                paths.append(file)
                described[file] = path.map(\.description).joined(separator: ".") + " = " + value.serialized()
            }
        }
        #expect(paths.count > 150, "the language should have many numeric fields: \(paths.count) cases")
        let binary = try glidepathBinary()

        let check = try run(binary, ["check", "--format", "json"] + paths)
        try #require(check.status == 0 || check.status == 1, "check ended with \(check.status): \(check.errors.suffix(500))")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.output.utf8)) as? [String: Any])
        let diagnostics = report["diagnostics"] as? [[String: Any]] ?? []
        let failing = Set(
            diagnostics.compactMap { item -> String? in
                guard item["severity"] as? String == "error" else { return nil }
                return (item["range"] as? [String: Any])?["file"] as? String
            })
        let clean = paths.filter { !failing.contains($0) }
        #expect(!clean.isEmpty && !failing.isEmpty, "extremes should give both clean specs and errors")

        for path in paths {
            let plan = try run(binary, ["plan", path])
            #expect(
                plan.status == 0 || plan.status == 1,
                "plan ended with \(plan.status) for \(described[path] ?? path): \(plan.errors.suffix(300))")
        }
        let site = folder.appendingPathComponent("site-specs")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        for path in clean {
            try FileManager.default.copyItem(atPath: path, toPath: site.appendingPathComponent((path as NSString).lastPathComponent).path)
        }
        let rendered = try run(binary, ["site", site.path, "--out", folder.appendingPathComponent("out").path])
        #expect(rendered.status == 0, "site of \(clean.count) clean specs ended with \(rendered.status): \(rendered.errors.suffix(500))")
    }

    /// A YAML file as a JSON value, scalars by the core schema.
    /// `value` with the members `names` of its top-level member `section` taken out.
    static func removing(_ value: JSONValue, _ section: String, _ names: Set<String>) -> JSONValue {
        guard case .object(var members) = value, let index = members.firstIndex(where: { $0.0 == section }),
            case .object(let inner) = members[index].1
        else { return value }
        members[index].1 = .object(inner.filter { !names.contains($0.0) })
        return .object(members)
    }

    static func load(_ path: String) throws -> JSONValue {
        var diagnostics = Diagnostics()
        let source = SourceFile(path: path, text: try String(contentsOfFile: path, encoding: .utf8))
        let node = try #require(YAMLLoader.load(source, diagnostics: &diagnostics))
        return json(node)
    }

    static func json(_ node: YAMLNode) -> JSONValue {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.resolved {
            case .null: .null
            case .bool(let flag): .bool(flag)
            case .int(let number): .int(number)
            case .float(let number): .number(number)
            case .string(let text): .string(text)
            }
        case .sequence(let items): .array(items.map(json))
        case .mapping(let pairs): .object(pairs.map { ($0.name, json($0.value)) })
        }
    }

    static func setting(_ value: JSONValue, _ path: [Step], to newValue: JSONValue) -> JSONValue {
        guard let first = path.first else { return newValue }
        let rest = Array(path.dropFirst())
        switch (first, value) {
        case (.key(let name), .object(var members)):
            if let index = members.firstIndex(where: { $0.0 == name }) {
                members[index].1 = setting(members[index].1, rest, to: newValue)
            } else {
                members.append(
                    (name, setting(rest.first.map { if case .index = $0 { .array([]) } else { .object([]) } } ?? .null, rest, to: newValue))
                )
            }
            return .object(members)
        case (.index(let index), .array(var items)):
            if items.indices.contains(index) {
                items[index] = setting(items[index], rest, to: newValue)
            } else {
                items.append(setting(.object([]), rest, to: newValue))
            }
            return .array(items)
        case (.key, _):
            return setting(.object([]), path, to: newValue)
        case (.index, _):
            return setting(.array([]), path, to: newValue)
        }
    }
}
