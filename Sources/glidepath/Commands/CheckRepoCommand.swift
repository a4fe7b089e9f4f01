import ArgumentParser
import Foundation
import GlidepathCore

extension GlidepathCommand {
    struct CheckRepo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-repo",
            abstract:
                "Exit 1 with a unified diff when the repository does not hold what the specs give (for pull requests); 0 when in sync.")
        @Argument(help: "Spec files, or folders standing for the specs under them.") var specs: [String]
        @OptionGroup var repository: RepositoryFlags
        @Option(
            name: .customLong("require-sign-off"),
            help: ArgumentHelp(
                "Also exit 1 unless every role of this point (50, success, point-of-no-return) approved the files the specs give now; repeatable.",
                valueName: "point"))
        var requiredSignOffs: [String] = []
        @OptionGroup var reporting: Reporting

        func run() throws {
            try reporting.run { format, colors in
                Glidepath.repositoryCheckCommand(
                    paths: specs, options: repository.options, mode: .requireInSync, format: format, colors: colors,
                    requiredSignOffs: requiredSignOffs)
            }
        }
    }
}
