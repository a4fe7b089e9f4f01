import Diagnostics
import Foundation
import TestSupport
import Testing
import YAML

@testable import Spec

/// The language and the model cannot drift apart: building the model from a spec that uses
/// every object type must read every field the language declares.
@Suite struct ModelCoverageTests {
    @Test func theModelReadsEveryDeclaredField() throws {
        let path = packageRoot + "/Tests/SpecTests/Fixtures/every-field.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var diagnostics = Diagnostics()
        let root = try #require(YAMLLoader.load(SourceFile(path: path, text: text), diagnostics: &diagnostics))
        let object = try #require(SpecDecoder.decode(root, diagnostics: &diagnostics))
        #expect(diagnostics.all.isEmpty, "\(diagnostics.all.map(\.message))")
        let usage = FieldUsage()
        _ = MigrationSpec(path: path, root: object, usage: usage)
        // apiVersion and kind are checked by the decoder (fixed choices) and carry no data.
        let declared = Set(allObjectTypes().flatMap { type in type.fields.map { type.name + "." + $0.name } })
            .subtracting(["Migration.apiVersion", "Migration.kind"])
        let unread = declared.subtracting(usage.read).sorted()
        #expect(unread.isEmpty, "declared in the language but never read by the model: \(unread)")
    }
}
