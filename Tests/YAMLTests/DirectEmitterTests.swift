import Testing

@testable import YAML

/// The direct emitter must write exactly what libyaml writes. Documents are generated from
/// pieces chosen to reach every rule of libyaml's scalar analysis and layout (indicators at the
/// start and inside, leading and trailing spaces and breaks, `---`, quotes, backslashes, words
/// that read as other types, nested and empty collections, long and multi-line keys), and each
/// is emitted both ways.
@Suite struct DirectEmitterTests {
    static let pieces = [
        "", " ", "  ", "a", "b c", "x", "-", "- ", "--", "---", "...", ":", ": ", "a:b", "#", " #", "a#", "'", "''", "\"", "\\",
        "\n", "\n\n", " \n", "\n ", "?", "? ", "[", "]", "{", "}", ",", "&", "*", "!", "|", ">", "%", "@", "`", "0", "12", "1.5",
        "0x1F", "1_000", "12:30", "yes", "No", "on", "null", "~", "true", "=", "<<", ".inf", "sum(rate(x{a=\"b\"}[5m]))",
        "http://host:80/path", "é", "\t", "\u{7F}", "\r",
    ]

    /// SplitMix64: the same documents on every run.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    static func text(_ random: inout Generator) -> String {
        let count = random.next(5)
        var text = ""
        for _ in 0..<count { text += pieces[random.next(pieces.count)] }
        if random.next(20) == 0 { text += String(repeating: "k", count: 120 + random.next(20)) }
        return text
    }

    static func value(_ random: inout Generator, depth: Int) -> YAMLValue {
        let kind = depth > 3 ? random.next(5) : random.next(9)
        switch kind {
        case 0, 1: return .string(text(&random))
        case 2: return .int(random.next(2000) - 1000)
        case 3: return [.bool(true), .null, .number(1.5), .number(100)][random.next(4)]
        case 4: return .string(pieces[random.next(pieces.count)])
        case 5: return .list((0..<random.next(4)).map { _ in value(&random, depth: depth + 1) })
        case 6: return .inlineList((0..<random.next(4)).map { _ in value(&random, depth: depth + 1) })
        default: return mapping(&random, depth: depth + 1)
        }
    }

    static func mapping(_ random: inout Generator, depth: Int) -> YAMLValue {
        .mapping((0..<random.next(5)).map { _ in YAMLEntry(text(&random), value(&random, depth: depth)) })
    }

    @Test func writesWhatLibYAMLWrites() throws {
        var random = Generator(state: 2026)
        var direct = 0
        let documents = 20_000
        for _ in 0..<documents {
            let document = Self.mapping(&random, depth: 0)
            let expected = try YAMLEmitter.emitThroughLibYAML(document)
            guard let written = DirectEmitter.emit(document) else { continue }
            direct += 1
            #expect(written == expected, "\(document)")
            if written != expected { return }
        }
        // Most documents are within what the direct emitter covers, so the comparison is real.
        #expect(direct > documents / 4, "only \(direct) of \(documents) documents were written directly")
    }

    @Test func leavesToLibYAMLWhatItDoesNotCover() {
        #expect(DirectEmitter.emit(.mapping([YAMLEntry("a", .string("é"))])) == nil)
        #expect(DirectEmitter.emit(.mapping([YAMLEntry("a", .string("tab\there"))])) == nil)
        #expect(DirectEmitter.emit(.mapping([YAMLEntry("a", .inlineList([.mapping([YAMLEntry("b", .int(1))])]))])) == nil)
        #expect(DirectEmitter.emit(.string("root scalar")) == nil)
        #expect(DirectEmitter.emit(.mapping([YAMLEntry("a", .string("b"))])) == "a: b\n")
    }

    /// A manifest file of several documents: each written directly or by libyaml, one buffer.
    @Test func documentsMixDirectAndLibYAMLOnes() throws {
        let documents: [YAMLValue] = [
            .mapping([YAMLEntry("a", .string("é"))]), .mapping([YAMLEntry("b", .string("x\n\n"))]), .mapping([YAMLEntry("c", .int(1))]),
        ]
        let expected = try documents.map { try YAMLEmitter.emitThroughLibYAML($0) }.joined(separator: "---\n")
        #expect(try YAMLEmitter.emitDocuments(documents) == expected)
        #expect(expected.contains("...\n---\n"), "a kept final break ends its document with '...'")
    }
}
