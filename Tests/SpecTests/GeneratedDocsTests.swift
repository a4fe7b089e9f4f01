import Foundation
import Testing
@testable import Spec

let packageRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

/// Compares a committed generated file with what the language produces now. With
/// GLIDEPATH_UPDATE_GOLDENS=1 it rewrites the file and fails on purpose, so an update is
/// never mistaken for a pass.
func expectCurrent(_ relativePath: String, _ generated: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: packageRoot + "/" + relativePath)
    if ProcessInfo.processInfo.environment["GLIDEPATH_UPDATE_GOLDENS"] == "1" {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(generated.utf8).write(to: url)
        Issue.record("rewrote \(relativePath); run the tests again without GLIDEPATH_UPDATE_GOLDENS", sourceLocation: sourceLocation)
        return
    }
    let committed = (try? String(contentsOf: url, encoding: .utf8)) ?? "<missing>"
    #expect(committed == generated, "\(relativePath) is stale: run GLIDEPATH_UPDATE_GOLDENS=1 swift test", sourceLocation: sourceLocation)
}

@Suite struct GeneratedDocsTests {
    @Test func specReferenceIsCurrent() throws {
        try expectCurrent("docs/spec.md", SpecDocsGenerator.markdown())
    }

    @Test func jsonSchemaIsCurrent() throws {
        try expectCurrent("docs/glidepath.schema.json", JSONSchemaGenerator.schema().serialized(pretty: true))
    }

    /// Every field of the language appears in the docs and in the schema.
    @Test func docsAndSchemaCoverEveryField() {
        let docs = SpecDocsGenerator.markdown()
        let schema = JSONSchemaGenerator.schema().serialized()
        for type in allObjectTypes() {
            #expect(docs.contains("## \(type.name)\n"), "\(type.name) missing from docs")
            #expect(schema.contains("\"\(type.name)\":{"), "\(type.name) missing from schema")
            for field in type.fields {
                #expect(docs.contains("| `\(field.name)`"), "\(type.name).\(field.name) missing from docs")
                #expect(schema.contains("\"\(field.name)\":{"), "\(type.name).\(field.name) missing from schema")
            }
        }
    }
}
