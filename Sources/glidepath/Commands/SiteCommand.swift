import ArgumentParser
import Foundation
import GlidepathCore

extension GlidepathCommand {
    struct Site: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "site",
            abstract: "Render every spec under a folder into a static runbook site: an index, one runbook per migration, shared assets.",
            discussion:
                "Nothing is written when any spec has errors. With --check, nothing is written at all: the command exits 1 and names the files when the folder differs from what the specs give (for CI)."
        )
        @Argument(help: "Folder of spec files (*.yaml, searched recursively).") var specs: String
        @Option(
            name: .shortAndLong,
            help:
                "Site folder (updated in place: only changed files are written, files no longer generated removed; must be empty or earlier glidepath output)."
        )
        var out: String
        @Flag(help: "Only compare the site folder with what the specs give; exit 1 when it is stale.")
        var check = false
        @Option(
            help: ArgumentHelp(
                "A GitOps repository whose recorded sign-offs (glidepath sign-off) the runbooks and the index show.", valueName: "path"))
        var repo: String?
        @Option(help: ArgumentHelp("Leave out YAML files whose path under the folder matches (*, ?, **); repeatable.", valueName: "glob"))
        var exclude: [String] = []
        @OptionGroup var templates: Templates
        @OptionGroup var reporting: Reporting

        func run() throws {
            try reporting.run { format, colors in
                Glidepath.siteCommand(
                    specFolder: specs, outputFolder: out, templatesFolder: templates.templates, mode: check ? .check : .write,
                    signOffsFrom: repo, exclude: exclude, format: format, colors: colors,
                    progress: reporting.presentation.progress)
            }
        }
    }
}
