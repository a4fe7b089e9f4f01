import ArgumentParser
import Foundation
import GlidepathCore

extension GlidepathCommand {
    struct Specs: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "specs",
            abstract:
                "List the migration specs under a folder (YAML whose kind is Migration), one per line; the Argo CD plugin's discovery.")
        @Argument(help: "The folder (searched recursively).") var folder: String
        @Option(help: ArgumentHelp("Leave out YAML files whose path under the folder matches (*, ?, **); repeatable.", valueName: "glob"))
        var exclude: [String] = []

        func run() throws {
            try emit(Glidepath.specsCommand(folder: folder, exclude: exclude))
        }
    }
}
