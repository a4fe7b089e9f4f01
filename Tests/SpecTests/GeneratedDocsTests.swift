import Foundation
import TestSupport
import Testing

@testable import Spec

@Suite struct GeneratedDocsTests {
    @Test func specReferenceIsCurrent() throws {
        try Golden.expect("docs/spec.md", equals: SpecDocsGenerator.markdown())
    }

    @Test func jsonSchemaIsCurrent() throws {
        try Golden.expect("docs/glidepath.schema.json", equals: JSONSchemaGenerator.schema().serialized(pretty: true))
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
