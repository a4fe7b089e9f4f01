import ArgumentParser
import Foundation
import GlidepathCore

/// The command line: flags in, library call, text out. Nothing else lives here.
struct GlidepathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glidepath",
        abstract: "Check a zero-downtime migration spec and compile it into Argo Rollouts and Istio manifests and SQL phase files.",
        version: Glidepath.version,
        subcommands: [Check.self, Compile.self, Plan.self, Schema.self])
}

struct Output: ParsableArguments {
    @Option(help: "Diagnostics as 'text' for people or 'json' for editors and CI.")
    var format: OutputFormat = .text
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
            abstract: "Check a spec and write its manifests and SQL phase files into an output folder, all or nothing.")
        @Argument(help: "The spec file.") var spec: String
        @Option(name: .shortAndLong, help: "Output folder (replaced as a whole; must be empty or earlier glidepath output).")
        var out: String
        @OptionGroup var output: Output

        func run() throws {
            try finish(Glidepath.compileCommand(path: spec, outputFolder: out, format: output.format, colors: useColors()))
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
