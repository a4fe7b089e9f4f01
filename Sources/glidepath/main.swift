import ArgumentParser
import Foundation
import GlidepathCore

/// The command line: flags in, library call, text out. Nothing else lives here.
struct GlidepathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glidepath",
        abstract:
            "Check a zero-downtime migration spec and compile it into Argo Rollouts and Istio manifests, SQL phase files and an HTML runbook.",
        version: Glidepath.version,
        subcommands: [
            Check.self, Compile.self, Site.self, Publish.self, SignOff.self, Diff.self, CheckRepo.self, Manifests.self, Plan.self,
            Specs.self, Schema.self,
        ])
}

/// Usage errors exit 2, as the README documents (swift-argument-parser's own is 64), and a
/// mistyped command gets a suggestion.
func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    do {
        var command = try GlidepathCommand.parseAsRoot(arguments)
        try command.run()
    } catch {
        let code = GlidepathCommand.exitCode(for: error)
        guard code == .validationFailure else { GlidepathCommand.exit(withError: error) }
        var message = GlidepathCommand.fullMessage(for: error)
        let commands = GlidepathCommand.configuration.subcommands.compactMap { $0.configuration.commandName }
        if let first = arguments.first, !first.hasPrefix("-"), !commands.contains(first),
            let guess = Glidepath.suggestion(for: first, among: commands)
        {
            message =
                "Error: unknown command '\(first)'; did you mean '\(guess)'?\nUsage: \(GlidepathCommand.usageString())\n"
                + "  See 'glidepath --help' for more information."
        }
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Foundation.exit(2)
    }
}

main()
