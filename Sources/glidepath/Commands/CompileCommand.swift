import ArgumentParser
import Foundation
import GlidepathCore

extension GlidepathCommand {
    struct Compile: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compile",
            abstract: "Check a spec and write its manifests, SQL phase files and runbook into an output folder, all or nothing.")
        @Argument(help: "The spec file.") var spec: String
        @Option(name: .shortAndLong, help: "Output folder (replaced as a whole; must be empty or earlier glidepath output).")
        var out: String
        @OptionGroup var templates: Templates
        @OptionGroup var reporting: Reporting

        func run() throws {
            try reporting.run { format, colors in
                Glidepath.compileCommand(
                    path: spec, outputFolder: out, templatesFolder: templates.templates, format: format, colors: colors)

            }
        }
    }
}
