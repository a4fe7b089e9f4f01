import ArgumentParser
import Foundation
import GlidepathCore

/// The command line: flags in, library call, text out. Nothing else lives here.
struct GlidepathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glidepath",
        abstract: "Check a zero-downtime migration spec and compile it into Argo Rollouts and Istio manifests, SQL phase files and an HTML runbook.",
        version: Glidepath.version,
        subcommands: [Check.self, Compile.self, Site.self, Plan.self, Schema.self])
}

struct Output: ParsableArguments {
    @Option(help: "Diagnostics as 'text' for people or 'json' for editors and CI.")
    var format: OutputFormat = .text
}

struct Templates: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A folder of runbook templates or assets that replace the built-in files of the same name.",
        valueName: "dir"))
    var templates: String?
}

extension OutputFormat: ExpressibleByArgument {}
extension Glidepath.SchemaFormat: ExpressibleByArgument {}

/// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
private func useColors() -> Bool {
    isatty(STDERR_FILENO) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
}

private func finish(_ result: CommandResult) throws {
    FileHandle.standardOutput.write(Data(result.output.utf8))
    FileHandle.standardError.write(Data(result.errors.utf8))
    if result.exitCode != 0 { throw ExitCode(result.exitCode) }
}

extension GlidepathCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check specs and report every problem with its file:line:column (exit 1 on errors).")
        @Argument(help: "Spec files.") var specs: [String]
        @OptionGroup var output: Output

        func run() throws {
            try finish(Glidepath.checkCommand(paths: specs, format: output.format, colors: useColors()))
        }
    }

    struct Compile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a spec and write its manifests, SQL phase files and runbook into an output folder, all or nothing.")
        @Argument(help: "The spec file.") var spec: String
        @Option(name: .shortAndLong, help: "Output folder (replaced as a whole; must be empty or earlier glidepath output).")
        var out: String
        @OptionGroup var templates: Templates
        @OptionGroup var output: Output

        func run() throws {
            try finish(Glidepath.compileCommand(
                path: spec, outputFolder: out, templatesFolder: templates.templates, format: output.format, colors: useColors()))
        }
    }

    struct Site: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render every spec under a folder into a static runbook site: an index, one runbook per migration, shared assets.",
            discussion: "Nothing is written when any spec has errors. With --check, nothing is written at all: the command exits 1 and names the files when the folder differs from what the specs give (for CI).")
        @Argument(help: "Folder of spec files (*.yaml, searched recursively).") var specs: String
        @Option(name: .shortAndLong, help: "Site folder (replaced as a whole; must be empty or earlier glidepath output).")
        var out: String
        @Flag(help: "Only compare the site folder with what the specs give; exit 1 when it is stale.")
        var check = false
        @OptionGroup var templates: Templates
        @OptionGroup var output: Output

        func run() throws {
            try finish(Glidepath.siteCommand(
                specFolder: specs, outputFolder: out, templatesFolder: templates.templates, mode: check ? .check : .write,
                format: output.format, colors: useColors()))
        }
    }

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the rollout timeline, the data phases in order, the way back from each hold point and the worst-case time from breach to stable.")
        @Argument(help: "The spec file.") var spec: String

        func run() throws {
            try finish(Glidepath.planCommand(path: spec, colors: useColors()))
        }
    }

    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the spec language as JSON Schema (for editors) or as Markdown reference docs.")
        @Option(help: "'json' (JSON Schema draft-07) or 'markdown'.") var format: Glidepath.SchemaFormat = .json

        func run() throws {
            try finish(Glidepath.schemaCommand(format: format))
        }
    }
}

GlidepathCommand.main()
