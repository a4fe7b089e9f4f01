import ArgumentParser
import Foundation
import GlidepathCore

extension GlidepathCommand {
    struct SignOff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign-off",
            abstract: "Record an approval of one point of a migration as a commit in the GitOps repository.",
            discussion: """
                The commit is bound to the digest of the generated files the runbook shows, and carries trailers \
                (Glidepath-Sign-Off, -Point, -Role, -By, Glidepath-Artifacts-SHA256); the migration's runbook in the \
                repository lists it. The repository must already hold what the spec gives: a sign-off approves what is \
                published. When the spec changes, the digest changes and earlier sign-offs no longer apply.
                """)
        @Argument(help: "The spec file.") var spec: String
        @OptionGroup var repository: RepositoryFlags
        @Option(
            help: ArgumentHelp(
                "The point approved: a hold point's weight (50), 'success', or 'point-of-no-return' (the contract phase).",
                valueName: "point"))
        var at: String
        @Option(help: ArgumentHelp("The role signing (needed when the point names several).", valueName: "role"))
        var role: String?
        @Option(name: .customLong("as"), help: ArgumentHelp("Who signs (default: git's user.name).", valueName: "name"))
        var signer: String?
        @OptionGroup var pushing: PushFlags
        @Flag(name: .customLong("gpg-sign"), help: "Sign the commit with git's own signing (user.signingkey, gpg.format).")
        var gpgSign = false
        @OptionGroup var reporting: Reporting

        func run() throws {
            let publish = Glidepath.PublishRequest(
                branch: pushing.branch, push: pushing.push, remote: pushing.remote, retries: pushing.retries, version: Glidepath.version,
                gpgSign: gpgSign)
            try reporting.run { format, colors in
                Glidepath.signOffCommand(
                    path: spec, options: repository.options,
                    request: Glidepath.SignOffRequest(at: at, role: role, signer: signer, publish: publish), format: format,
                    colors: colors)
            }
        }
    }
}
