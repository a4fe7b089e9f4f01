import Diagnostics
import Foundation
import Testing
import Units
import YAML

@testable import Spec

/// Every object type reachable from the root, once.
func allObjectTypes() -> [ObjectType] {
    var seen = Set<String>()
    var queue = [Language.root]
    var out: [ObjectType] = []
    func nested(_ type: FieldType) -> [ObjectType] {
        switch type {
        case .object(let object): [object]
        case .list(let element, _), .dictionary(_, let element): nested(element)
        default: []
        }
    }
    while !queue.isEmpty {
        let type = queue.removeFirst()
        guard seen.insert(type.name).inserted else { continue }
        out.append(type)
        queue += type.fields.flatMap { nested($0.type) }
    }
    return out
}

@Suite struct LanguageTests {
    /// Defaults are literals of the language; each must pass its own field's checks.
    @Test func everyLiteralDefaultDecodesCleanly() {
        let range = SourceRange.point("language", line: 1, column: 1)
        for type in allObjectTypes() {
            for field in type.fields {
                guard case .literal(let literal) = field.defaultValue else { continue }
                let wrapper = ObjectType("Wrapper", "", fields: [Field("value", field.type, "")])
                let node = YAMLNode(
                    content: .mapping([
                        YAMLPair(
                            key: YAMLNode(.string("value"), at: range),
                            value: YAMLNode(literal, at: range))
                    ]), range: range)
                var diagnostics = Diagnostics()
                let decoder = SpecDecoderProbe.decode(node, as: wrapper, diagnostics: &diagnostics)
                #expect(decoder != nil && diagnostics.all.isEmpty, "\(type.name).\(field.name): \(diagnostics.all.map(\.message))")
            }
        }
    }

    @Test func objectNamesAreUniqueAndFieldsAreUniquePerObject() {
        let types = allObjectTypes()
        #expect(Set(types.map(\.name)).count == types.count)
        for type in types {
            #expect(Set(type.fields.map(\.name)).count == type.fields.count, "\(type.name)")
            for rule in type.rules {
                for name in rule.names { #expect(type.field(name) != nil, "\(type.name) rule names '\(name)'") }
            }
        }
    }

    /// The hand-written scalar rules and the JSON Schema patterns must agree.
    @Test(arguments: TextKind.allCases.filter { $0.pattern != nil })
    func patternsAgreeWithScalarRules(_ kind: TextKind) throws {
        let samples = [
            "orders", "orders-canary", "Orders", "-orders", "orders-", "1orders", "a", "a.b", "a..b", "*.example.com",
            "orders.prod.svc.cluster.local", "http://prometheus:9090", "https://x.example.com/a?b=c", "ftp://x", "http://a b",
            "https://x.example.com/\"><script>", "https://x.example.com/'a'(b)%20", "https://x.example.com/<b>", "https://é.example.com",
            "http_requests_total", "rate:5m", "le", "_x", "9x", "x-y", "public.orders", "a.b.c", "orders_v2",
            "orders.dual_write_v2", "flag/with:colon",
            "before-rollout", "after-rollout", "during-rollout", "50%", "100%", "0%", "101%", "05%", "5", "1%",
            String(repeating: "a", count: 63), String(repeating: "a", count: 64),
            "", "app.kubernetes.io/name", "example.com/a", "/a", "a/", "a/b/c", "Example.com/a", "ENV_VAR", "-x", ".x",
            "a_b.c", "a b", "x{{y}}", "v1.2-rc_3", "https://user:pass@host/x", "https://host/a@b", "https://@host", "http://",
            "https://host?q=@x", "https://h:8080/p",
        ]
        let pattern = try #require(kind.pattern)
        let regex = try NSRegularExpression(pattern: pattern)
        for sample in samples {
            let range = NSRange(sample.startIndex..., in: sample)
            var schemaAccepts = regex.firstMatch(in: sample, range: range) != nil
            if let limit = kind.maxLength, sample.count > limit { schemaAccepts = false }
            let rulesAccept = ScalarRules.problem(with: sample, as: kind) == nil
            #expect(schemaAccepts == rulesAccept, "\(kind) '\(sample)': schema \(schemaAccepts), checker \(rulesAccept)")
        }
    }

    @Test func durationsParseAndPrint() {
        #expect(TimeSpan.parse("1h30m") == TimeSpan(milliseconds: 5_400_000))
        #expect(TimeSpan.parse("500ms")?.description == "500ms")
        #expect(TimeSpan.parse("1.5s")?.goDuration == "1s500ms")
        #expect(TimeSpan.parse("3d")?.goDuration == "72h")
        #expect(TimeSpan.parse("3d")?.description == "3d")
        #expect(TimeSpan.parse("120") == nil)
        #expect(TimeSpan.parse("2 minutes") == nil)
        #expect(TimeSpan.parse("") == nil)
        #expect(TimeSpan.parse("5x") == nil)
    }
}

/// Decodes one object against an ad-hoc type, through the same decoder the spec uses.
enum SpecDecoderProbe {
    static func decode(_ node: YAMLNode, as type: ObjectType, diagnostics: inout Diagnostics) -> SpecObject? {
        SpecDecoder.decodeObject(node, as: type, diagnostics: &diagnostics)
    }
}
