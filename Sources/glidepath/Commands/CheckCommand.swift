import ArgumentParser
import Foundation
import GlidepathCore

extension GlidepathCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check specs and report every problem with its file:line:column (exit 1 on errors).")
        @Argument(help: "Spec files.") var specs: [String]
        @OptionGroup var output: Output
        @OptionGroup var presentation: Presentation

        func run() throws {
            try presentation.finish(
                format: output.format, Glidepath.checkCommand(paths: specs, format: output.format, colors: presentation.colors))
        }
    }
}
