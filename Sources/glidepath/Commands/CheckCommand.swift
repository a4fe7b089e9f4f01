import ArgumentParser
import Foundation
import GlidepathCore

extension GlidepathCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check specs and report every problem with its file:line:column (exit 1 on errors).")
        @Argument(help: "Spec files.") var specs: [String]
        @OptionGroup var reporting: Reporting

        func run() throws {
            try reporting.run { format, colors in
                Glidepath.checkCommand(paths: specs, format: format, colors: colors)
            }
        }
    }
}
