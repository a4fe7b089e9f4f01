import Diagnostics
import Foundation
import Testing

@testable import YAML

/// Strings that break hand-rolled YAML writers.
let hostileStrings = [
    "key: value", "# not a comment", "  leading spaces", "trailing spaces  ", "line\nbreak", "two\n\nblank lines\n",
    "yes", "no", "on", "off", "y", "n", "null", "~", "true", "False", "", "*alias", "&anchor", "!tag", "- dash",
    "? question", "[flow]", "{flow}", "'single'", "\"double\"", "1.10", "0x1F", "1_000", "12:30", "2026-11-21",
    ".inf", "-.inf", ".nan", "=", "<<", "%percent", "@at", "`tick`", "tab\there", "unicode ☃ ünïcødé 日本",
    "emoji 🚀", "back\\slash", "\u{7F}del", "nul-free \u{1B}escape", "| literal", "> folded", ",comma", "a: b # c",
    "-", "---", "...", " ", "100", "-5", "+5", "3e4", "0o17", "NULL", "Yes",
]

@Suite struct YAMLEmitterTests {
    private func emitted() throws -> String {
        let value = YAMLValue.map(
            hostileStrings.enumerated().map { ("k\($0.offset)", YAMLValue.string($0.element)) }
                + [("list", .inlineList(hostileStrings.prefix(10).map(YAMLValue.string)))])
        return try YAMLEmitter.emit(value)
    }

    @Test func hostileStringsRoundTripThroughOurLoader() throws {
        let text = try emitted()
        var diagnostics = Diagnostics()
        let root = try #require(YAMLLoader.load(SourceFile(path: "e.yaml", text: text), diagnostics: &diagnostics))
        #expect(diagnostics.all.isEmpty)
        for (index, string) in hostileStrings.enumerated() {
            let scalar = try #require(root["k\(index)"]?.scalar)
            #expect(scalar.resolved == .string(string), "k\(index) = \(string.debugDescription) came back as \(scalar.resolved)")
        }
    }

    /// PyYAML reads YAML 1.1, as many Kubernetes tools do: `yes` and `on` are booleans there.
    @Test func hostileStringsRoundTripThroughAYAML11Reader() throws {
        let text = try emitted()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glidepath-emit-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.yaml")
        try Data(text.utf8).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c", "import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))))", input.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 with PyYAML is needed (scripts/setup-tests.sh installs it)")
        let decoded = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        for (index, string) in hostileStrings.enumerated() {
            #expect(decoded["k\(index)"] as? String == string, "k\(index) = \(string.debugDescription)")
        }
    }

    @Test func numbersAndBooleansStayPlainAndFloatsStayFloats() throws {
        let text = try YAMLEmitter.emit(.map([("i", .int(3)), ("f", .number(100)), ("b", .bool(true)), ("s", .string("3"))]))
        #expect(text == "i: 3\nf: 100.0\nb: true\ns: '3'\n")
    }

    @Test func multiLineTextUsesALiteralBlock() throws {
        let text = try YAMLEmitter.emit(.map([("q", .string("sum(x)\n/\nsum(y)\n"))]))
        #expect(text == "q: |\n  sum(x)\n  /\n  sum(y)\n")
    }

    @Test func emptyMappingsAndFlowLists() throws {
        let text = try YAMLEmitter.emit(.map([("pause", .mapping([])), ("routes", .inlineList([.string("primary")]))]))
        #expect(text == "pause: {}\nroutes: [primary]\n")
    }
}
