import ArgumentParser
import Foundation
import GlidepathCore

extension GlidepathCommand {
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract:
                "Print the rollout timeline, the data phases in order, the way back from each hold point and the worst-case time from breach to stable."
        )
        @Argument(help: "The spec file.") var spec: String
        @Option(help: "'text' for people or 'json' (the timeline, gates, holds, data phases and ways back) for scripts.")
        var format: PlanFormat = .text
        @OptionGroup var coloring: Coloring

        func run() throws {
            try emit(Glidepath.planCommand(path: spec, format: format == .json ? .json : .text, colors: coloring.colors))
        }
    }
}
