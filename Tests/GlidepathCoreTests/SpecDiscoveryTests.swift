import Foundation
import GlidepathCore
import TestSupport
import Testing

/// Discovery decides most files from their top-level `kind:` line without parsing them; the
/// answer must be the one a full parse gives, whatever the YAML looks like.
@Suite struct SpecDiscoveryTests {
    static let cases: [(name: String, text: String, isSpec: Bool)] = [
        ("plain", "apiVersion: v1\nkind: Migration\nmetadata: {}\n", true),
        ("quoted-commented", "kind: \"Migration\"  # the spec\n", true),
        ("single-quoted", "kind: 'Migration'\r\nmetadata: {}\r\n", true),
        ("other-kind", "apiVersion: v1\nkind: ConfigMap\ndata: {}\n", false),
        ("flow", "{apiVersion: v1, kind: Migration}\n", true),
        ("flow-other", "{kind: ConfigMap}\n", false),
        ("tagged", "kind: !!str Migration\n", true),
        ("anchored", "kind: &k Migration\n", true),
        ("nested", "kind: List\nitems:\n  - kind: Migration\n", false),
        ("block-scalar", "kind: ConfigMap\ndata:\n  spec.yaml: |\n    kind: Migration\n", false),
        ("not-a-word", "kind: Migration#draft\n", false),
        ("broken", "kind: Migration\nmetadata: [unclosed\n", true),
        ("document-marker", "---\nkind: Migration\n", true),
        ("no-kind", "values:\n  replicas: 3\n", false),
    ]

    @Test func theKindLineAgreesWithAFullParse() throws {
        let directory = try temporaryDirectory("discovery")
        defer { try? FileManager.default.removeItem(at: directory) }
        for item in Self.cases {
            try item.text.write(toFile: directory.path + "/\(item.name).yaml", atomically: true, encoding: .utf8)
        }
        let found = Glidepath.discoverSpecs(in: directory.path)
        let specs = try found.get().specs.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
        #expect(specs.sorted() == Self.cases.filter(\.isSpec).map(\.name).sorted())
        // The bytes handed on are each spec's own, and only specs'.
        let discovered = try found.get()
        #expect(Set(discovered.contents.keys) == Set(discovered.specs))
        for (path, bytes) in discovered.contents { #expect(bytes == Array(try Data(contentsOf: URL(fileURLWithPath: path)))) }
    }

    /// A link is resolved (and refused when it leads out); a file reached through real folders
    /// needs no resolving.
    @Test func linksAreResolvedAndOnlyLinksInsideAreRead() throws {
        let root = try temporaryDirectory("discovery-links")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("specs").path
        try FileManager.default.createDirectory(atPath: folder + "/team", withIntermediateDirectories: true)
        try "kind: Migration\n".write(toFile: folder + "/team/a.yaml", atomically: true, encoding: .utf8)
        try "kind: Migration\n".write(toFile: root.path + "/elsewhere.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder + "/inside.yaml", withDestinationPath: "team/a.yaml")
        try FileManager.default.createSymbolicLink(atPath: folder + "/outside.yaml", withDestinationPath: "../elsewhere.yaml")
        let found = try Glidepath.discoverSpecs(in: folder).get()
        #expect(found.specs == [folder + "/inside.yaml", folder + "/outside.yaml", folder + "/team/a.yaml"])
        #expect(found.outside == [folder + "/outside.yaml"])
        #expect(found.contents[folder + "/outside.yaml"] == nil)
        #expect(found.contents[folder + "/inside.yaml"] == Array("kind: Migration\n".utf8))
    }
}
