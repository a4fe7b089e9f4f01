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

struct Output: ParsableArguments {
    @Option(
        help:
            "Diagnostics as 'text' for people, 'json' for editors, 'github' for GitHub Actions annotations or 'sarif' for code scanning.")
    var format: OutputFormat = .text
}

enum ColorMode: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// Colours of the diagnostics.
struct Coloring: ParsableArguments {
    @Option(help: "Colour the diagnostics: 'auto' (on a terminal, unless NO_COLOR is set), 'always' or 'never'.")
    var color: ColorMode = .auto

    /// NO_COLOR (https://no-color.org) turns 'auto' off; an explicit choice wins over it.
    var colors: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: isatty(STDERR_FILENO) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        }
    }
}

/// How much is said, and in which colours: the same on every command that reports as it works.
struct Presentation: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print only problems: no summaries, no list of written files, no progress.")
    var quiet = false
    @OptionGroup var coloring: Coloring

    var colors: Bool { coloring.colors }

    /// A progress line on standard error, only on a terminal and never with --quiet.
    var progress: (@Sendable (Int, Int) -> Void)? {
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        return { done, total in
            let line = done < total ? "\r\(done)/\(total) specs" : "\r\u{1B}[K"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// With --quiet, a successful text run prints nothing on standard output; machine formats
    /// are the product and always print.
    func finish(format: OutputFormat, _ result: CommandResult) throws {
        var shown = result
        if quiet, result.exitCode == 0, format == .text { shown.output = "" }
        try emit(shown)
    }
}

/// Standard output, standard error, exit code: the command's result as the shell sees it.
func emit(_ result: CommandResult) throws {
    FileHandle.standardOutput.write(Data(result.output.utf8))
    FileHandle.standardError.write(Data(result.errors.utf8))
    if result.exitCode != 0 { throw ExitCode(result.exitCode) }
}

enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct Templates: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A folder of runbook templates or assets that replace the built-in files of the same name.",
            valueName: "dir"))
    var templates: String?
}

/// Where the GitOps repository is and how its files are laid out; whatever is left out comes
/// from the repository's lock (`.glidepath/lock.json`), then from the defaults.
struct RepositoryFlags: ParsableArguments {
    @Option(help: ArgumentHelp("The GitOps repository's work tree (a git clone).", valueName: "path"))
    var repo: String
    @Option(
        help: ArgumentHelp(
            "Where each migration's folder goes, from {service}, {name} and {namespace} (default 'apps/{service}/migrations/{name}').",
            valueName: "template"))
    var layout: String?
    @Flag(inversion: .prefixedNo, help: "Generate an Argo CD Application per migration folder (on unless the lock says otherwise).")
    var application: Bool?
    @Option(help: ArgumentHelp("The repository URL Argo CD clones (default: the remote 'origin', without credentials).", valueName: "url"))
    var repoURL: String?
    @Option(help: ArgumentHelp("The branch the Application follows (default: the published branch).", valueName: "branch"))
    var targetRevision: String?
    @Option(help: ArgumentHelp("The Argo CD project of the Application (default 'default').", valueName: "name"))
    var argocdProject: String?
    @Option(help: ArgumentHelp("The namespace Argo CD's Applications live in (default 'argocd').", valueName: "name"))
    var argocdNamespace: String?
    @Option(help: ArgumentHelp("The cluster the Application deploys to (default 'https://kubernetes.default.svc').", valueName: "url"))
    var destinationServer: String?
    @Flag(
        inversion: .prefixedNo,
        help: "Let Argo CD sync on its own (self-heal, no prune); off by default, so the cutover's `argocd app sync` starts the rollout.")
    var autoSync: Bool?

    var options: Glidepath.RepositoryOptions {
        Glidepath.RepositoryOptions(
            repository: repo, layout: layout, application: application, repoURL: repoURL, targetRevision: targetRevision,
            project: argocdProject, argocdNamespace: argocdNamespace, destinationServer: destinationServer, automatedSync: autoSync)
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension Glidepath.SchemaFormat: ExpressibleByArgument {}

/// `GLIDEPATH_TEST_KILL_AT=<step>` makes publish kill itself with SIGKILL when it reaches that
/// step, as git's GIT_TEST_* variables do: the crash tests use it to stop at exact points.
private func crashPoint() -> @Sendable (String) -> Void {
    guard let point = ProcessInfo.processInfo.environment["GLIDEPATH_TEST_KILL_AT"], !point.isEmpty else { return { _ in } }
    return { step in if step == point { kill(getpid(), SIGKILL) } }
}

extension GlidepathCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check specs and report every problem with its file:line:column (exit 1 on errors).")
        @Argument(help: "Spec files.") var specs: [String]
        @OptionGroup var output: Output
        @OptionGroup var presentation: Presentation

        func run() throws {
            try presentation.finish(
                format: output.format, Glidepath.checkCommand(paths: specs, format: output.format, colors: presentation.colors))
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
        @OptionGroup var presentation: Presentation

        func run() throws {
            try presentation.finish(
                format: output.format,
                Glidepath.compileCommand(
                    path: spec, outputFolder: out, templatesFolder: templates.templates, format: output.format, colors: presentation.colors)
            )
        }
    }

    struct Site: ParsableCommand {
        static let configuration = CommandConfiguration(
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
        @OptionGroup var output: Output
        @OptionGroup var presentation: Presentation

        func run() throws {
            try presentation.finish(
                format: output.format,
                Glidepath.siteCommand(
                    specFolder: specs, outputFolder: out, templatesFolder: templates.templates, mode: check ? .check : .write,
                    signOffsFrom: repo, exclude: exclude, format: output.format, colors: presentation.colors,
                    progress: presentation.progress))
        }
    }

    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
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
        @Option(help: ArgumentHelp("The branch to commit on (default: the checked-out branch).", valueName: "name"))
        var branch: String?
        @Flag(help: "Push the commit to the remote; retry on top of its new tip when it moved.") var push = false
        @Option(help: ArgumentHelp("The remote to push to.", valueName: "name")) var remote = "origin"
        @Option(help: ArgumentHelp("How many rejected pushes to retry, with backoff.", valueName: "count")) var retries = 10
        @Option(name: .shortAndLong, help: ArgumentHelp("The commit's summary line (the trailers are always added).", valueName: "text"))
        var message: String?
        @Flag(help: "Overwrite hand edits and files glidepath did not write (git history keeps the old versions).")
        var force = false
        @OptionGroup var output: Output
        @OptionGroup var presentation: Presentation

        func run() throws {
            let request = Glidepath.PublishRequest(
                branch: branch, push: push, remote: remote, message: message, force: force, retries: max(0, retries),
                version: Glidepath.version)
            try presentation.finish(
                format: output.format,
                Glidepath.publishCommand(
                    paths: specs, options: repository.options, request: request, format: output.format, colors: presentation.colors,
                    checkpoint: crashPoint()))
        }
    }

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
        @Option(help: ArgumentHelp("The branch to commit on (default: the checked-out branch).", valueName: "name"))
        var branch: String?
        @Flag(help: "Push the commit to the remote; retry on top of its new tip when it moved.") var push = false
        @Option(help: ArgumentHelp("The remote to push to.", valueName: "name")) var remote = "origin"
        @Option(help: ArgumentHelp("How many rejected pushes to retry, with backoff.", valueName: "count")) var retries = 10
        @Flag(name: .customLong("gpg-sign"), help: "Sign the commit with git's own signing (user.signingkey, gpg.format).")
        var gpgSign = false
        @OptionGroup var output: Output
        @OptionGroup var presentation: Presentation

        func run() throws {
            let publish = Glidepath.PublishRequest(
                branch: branch, push: push, remote: remote, retries: max(0, retries), version: Glidepath.version, gpgSign: gpgSign)
            try presentation.finish(
                format: output.format,
                Glidepath.signOffCommand(
                    path: spec, options: repository.options,
                    request: Glidepath.SignOffRequest(at: at, role: role, signer: signer, publish: publish), format: output.format,
                    colors: presentation.colors))
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show, as a unified diff, what publishing the specs would change in the repository; change nothing.")
        @Argument(help: "Spec files, or folders standing for the specs under them.") var specs: [String]
        @OptionGroup var repository: RepositoryFlags
        @OptionGroup var output: Output
        @OptionGroup var presentation: Presentation

        func run() throws {
            try presentation.finish(
                format: output.format,
                Glidepath.repositoryCheckCommand(
                    paths: specs, options: repository.options, mode: .show, format: output.format, colors: presentation.colors))
        }
    }

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
        @OptionGroup var output: Output
        @OptionGroup var presentation: Presentation

        func run() throws {
            try presentation.finish(
                format: output.format,
                Glidepath.repositoryCheckCommand(
                    paths: specs, options: repository.options, mode: .requireInSync, format: output.format, colors: presentation.colors,
                    requiredSignOffs: requiredSignOffs))
        }
    }

    struct Manifests: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the specs' Kubernetes manifests as one YAML stream (the generate step of the Argo CD plugin).")
        @Argument(help: "Spec files, or folders standing for the specs under them.") var specs: [String]
        @OptionGroup var coloring: Coloring

        func run() throws {
            try emit(Glidepath.manifestsCommand(paths: specs, colors: coloring.colors))
        }
    }

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
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

    struct Specs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "List the migration specs under a folder (YAML whose kind is Migration), one per line; the Argo CD plugin's discovery.")
        @Argument(help: "The folder (searched recursively).") var folder: String
        @Option(help: ArgumentHelp("Leave out YAML files whose path under the folder matches (*, ?, **); repeatable.", valueName: "glob"))
        var exclude: [String] = []

        func run() throws {
            try emit(Glidepath.specsCommand(folder: folder, exclude: exclude))
        }
    }

    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the spec language as JSON Schema (for editors) or as Markdown reference docs.")
        @Option(help: "'json' (JSON Schema draft-07) or 'markdown'.") var format: Glidepath.SchemaFormat = .json

        func run() throws {
            try emit(Glidepath.schemaCommand(format: format))
        }
    }
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
        let commands = GlidepathCommand.configuration.subcommands.map { $0._commandName }
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
