import ArgumentParser
import Foundation
import GlidepathCore

extension GlidepathCommand {
    struct Manifests: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "manifests",
            abstract: "Print the specs' Kubernetes manifests as one YAML stream (the generate step of the Argo CD plugin).")
        @Argument(help: "Spec files, or folders standing for the specs under them.") var specs: [String]
        @OptionGroup var coloring: Coloring

        func run() throws {
            try emit(Glidepath.manifestsCommand(paths: specs, colors: coloring.colors))
        }
    }
}
