import ArgumentParser
import Foundation
import GlidepathCore

extension GlidepathCommand {
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Compile specs into a GitOps repository and commit the result with git, never overwriting a hand edit.",
            discussion: """
                Every artifact goes under the layout; .glidepath/lock.json records what glidepath wrote. Files a \
                migration no longer generates are removed; a generated file edited by hand, or a file glidepath never \
                wrote, stops the publish (exit 1) unless --force. Only changed files are written, in one commit whose \
                trailers name each spec, its SHA-256 and the glidepath version; nothing changed means no commit. With \
                --push the commit is pushed, and rebuilt on the remote's new tip when another publisher got there first.
                """)
        @Argument(help: "Spec files, or folders standing for the specs under them.") var specs: [String]
        @OptionGroup var repository: RepositoryFlags
        @OptionGroup var pushing: PushFlags
        @Option(name: .shortAndLong, help: ArgumentHelp("The commit's summary line (the trailers are always added).", valueName: "text"))
        var message: String?
        @Flag(help: "Overwrite hand edits and files glidepath did not write (git history keeps the old versions).")
        var force = false
        @OptionGroup var reporting: Reporting

        func run() throws {
            let request = Glidepath.PublishRequest(
                branch: pushing.branch, push: pushing.push, remote: pushing.remote, message: message, force: force,
                retries: pushing.retries,
                version: Glidepath.version)
            try reporting.run { format, colors in
                Glidepath.publishCommand(
                    paths: specs, options: repository.options, request: request, format: format, colors: colors,
                    checkpoint: crashPoint())
            }
        }
    }
}
