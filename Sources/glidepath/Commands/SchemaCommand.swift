import ArgumentParser
import Foundation
import GlidepathCore

extension GlidepathCommand {
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schema",
            abstract: "Print the spec language as JSON Schema (for editors) or as Markdown reference docs.")
        @Option(help: "'json' (JSON Schema draft-07) or 'markdown'.") var format: Glidepath.SchemaFormat = .json

        func run() throws {
            try emit(Glidepath.schemaCommand(format: format))
        }
    }
}
