import ArgumentParser
import Foundation
import GlidepathCore

extension GlidepathCommand {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Show, as a unified diff, what publishing the specs would change in the repository; change nothing.")
        @Argument(help: "Spec files, or folders standing for the specs under them.") var specs: [String]
        @OptionGroup var repository: RepositoryFlags
        @OptionGroup var reporting: Reporting

        func run() throws {
            try reporting.run { format, colors in
                Glidepath.repositoryCheckCommand(
                    paths: specs, options: repository.options, mode: .show, format: format, colors: colors)
            }
        }
    }
}
