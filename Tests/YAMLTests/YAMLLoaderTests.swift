import Diagnostics
import Testing

@testable import YAML

private func load(_ text: String, limits: YAMLLimits = YAMLLimits()) -> (YAMLNode?, Diagnostics) {
    var diagnostics = Diagnostics()
    let node = YAMLLoader.load(SourceFile(path: "t.yaml", text: text), limits: limits, diagnostics: &diagnostics)
    return (node, diagnostics)
}

@Suite struct YAMLLoaderTests {
    @Test func nodesCarryOneBasedStartAndEnd() throws {
        let (root, diagnostics) = load("a:\n  bb: [1, 2]\n  ccc: héllo wörld\n")
        #expect(diagnostics.all.isEmpty)
        let a = try #require(root?["a"])
        let bb = try #require(a.pairs?.first)
        #expect(bb.key.range.start == SourceLocation(line: 2, column: 3))
        #expect(bb.key.range.end == SourceLocation(line: 2, column: 5))
        let second = try #require(bb.value.items?[1])
        #expect(second.range.start == SourceLocation(line: 2, column: 11))
        // Columns count characters, not UTF-8 bytes.
        let value = try #require(a["ccc"])
        #expect(value.range.start == SourceLocation(line: 3, column: 8))
        #expect(value.range.end == SourceLocation(line: 3, column: 19))
    }

    @Test func duplicateKeysAreErrorsWithBothPlaces() throws {
        let (root, diagnostics) = load("name: a\nother: 1\nname: b\n")
        let duplicate = try #require(diagnostics.all.first)
        #expect(duplicate.id == "yaml.duplicate-key")
        #expect(duplicate.range?.start == SourceLocation(line: 3, column: 1))
        #expect(duplicate.notes.first?.range?.start == SourceLocation(line: 1, column: 1))
        #expect(root?["name"]?.scalar?.text == "a")
        #expect(root?.pairs?.count == 2)
    }

    @Test func scalarsFollowTheYAML12CoreSchema() throws {
        let (root, _) = load(
            """
            country: NO
            flag: on
            yes: y
            version: 1.10
            octal: 0o17
            hex: 0x1F
            int: -42
            inf: .inf
            nulls: ~
            empty:
            quoted: "true"
            real: True
            """)
        let node = try #require(root)
        #expect(node["country"]?.scalar?.resolved == .string("NO"))
        #expect(node["flag"]?.scalar?.resolved == .string("on"))
        #expect(node["yes"]?.scalar?.resolved == .string("y"))
        #expect(node["version"]?.scalar?.resolved == .float(1.1))
        #expect(node["version"]?.scalar?.text == "1.10")
        #expect(node["octal"]?.scalar?.resolved == .int(15))
        #expect(node["hex"]?.scalar?.resolved == .int(31))
        #expect(node["int"]?.scalar?.resolved == .int(-42))
        #expect(node["inf"]?.scalar?.resolved == .float(.infinity))
        #expect(node["nulls"]?.scalar?.resolved == .null)
        #expect(node["empty"]?.scalar?.resolved == .null)
        #expect(node["quoted"]?.scalar?.resolved == .string("true"))
        #expect(node["real"]?.scalar?.resolved == .bool(true))
    }

    @Test func aliasesExpandAndPointAtTheirUse() throws {
        let (root, diagnostics) = load("base: &b {x: 1}\ncopy: *b\n")
        #expect(diagnostics.all.isEmpty)
        let copy = try #require(root?["copy"])
        #expect(copy["x"]?.scalar?.resolved == .int(1))
        #expect(copy.range.start == SourceLocation(line: 2, column: 7))
    }

    @Test func anAliasBombStopsAtTheNodeLimit() {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = name
        }
        let (root, diagnostics) = load(text)
        #expect(root == nil)
        #expect(diagnostics.all.map(\.id) == ["yaml.too-many-nodes"])
    }

    @Test func deepNestingIsRejectedWithoutRecursion() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let (root, diagnostics) = load(text)
        #expect(root == nil)
        #expect(diagnostics.all.first?.id == "yaml.too-deep")
        #expect(diagnostics.all.first?.range?.start == SourceLocation(line: 1, column: 101))
    }

    @Test func syntaxErrorsAreLocated() {
        let (root, diagnostics) = load("a: [1, 2\nb: 3\n")
        #expect(root == nil)
        #expect(diagnostics.all.first?.id == "yaml.syntax")
        #expect(diagnostics.all.first?.range?.start.line == 2)
    }

    @Test func unknownAliasAndTagsAreErrors() {
        #expect(load("a: *nope\n").1.all.first?.id == "yaml.unknown-alias")
        #expect(load("a: !!binary aGVsbG8=\n").1.all.first?.id == "yaml.unsupported-tag")
        #expect(load("a: !!str 12\n").0?["a"]?.scalar?.resolved == .string("12"))
    }

    @Test func oneDocumentOnly() {
        #expect(load("a: 1\n---\nb: 2\n").1.all.first?.id == "yaml.multiple-documents")
        #expect(load("").1.all.first?.id == "yaml.empty")
        #expect(load("# only a comment\n").1.all.first?.id == "yaml.empty")
    }
}

@Suite struct SourceDecoderTests {
    private func decode(_ bytes: [UInt8]) -> (SourceFile?, Diagnostics) {
        var diagnostics = Diagnostics()
        let file = SourceDecoder.decode(bytes, path: "x.yaml", diagnostics: &diagnostics)
        return (file, diagnostics)
    }

    @Test func binaryFilesAreRejected() {
        let (file, diagnostics) = decode([0x61, 0x3A, 0x0A, 0x00, 0x01])
        #expect(file == nil)
        #expect(diagnostics.all.first?.id == "file.not-text")
        #expect(diagnostics.all.first?.range?.start == SourceLocation(line: 2, column: 1))
    }

    @Test func invalidUTF8IsLocated() {
        let (file, diagnostics) = decode(Array("name: ok\nsvc: caf".utf8) + [0xE9, 0x0A])
        #expect(file == nil)
        #expect(diagnostics.all.first?.message.contains("0xE9") == true)
        #expect(diagnostics.all.first?.range?.start == SourceLocation(line: 2, column: 9))
    }

    @Test func oversizedFilesAreRejectedBeforeParsing() {
        let (file, diagnostics) = decode([UInt8](repeating: 0x20, count: 10 * 1024 * 1024))
        #expect(file == nil)
        #expect(diagnostics.all.first?.id == "file.too-large")
    }

    @Test func aByteOrderMarkIsAccepted() {
        #expect(decode([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8)).0?.text == "a: 1\n")
    }
}
