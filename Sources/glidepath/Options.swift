public import ArgumentParser
import Foundation
import GlidepathCore

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

/// The diagnostics' format and how much is said: every command that checks specs takes both.
struct Reporting: ParsableArguments {
    @OptionGroup var output: Output
    @OptionGroup var presentation: Presentation

    /// Runs a command in this format and these colours, and shows its result.
    func run(_ command: (_ format: OutputFormat, _ colors: Bool) -> CommandResult) throws {
        try presentation.finish(format: output.format, command(output.format, presentation.colors))
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

/// Where a commit goes: the branch, and whether and where it is pushed. The same on every
/// command that commits (publish, sign-off).
struct PushFlags: ParsableArguments {
    @Option(help: ArgumentHelp("The branch to commit on (default: the checked-out branch).", valueName: "name"))
    var branch: String?
    @Flag(help: "Push the commit to the remote; retry on top of its new tip when it moved.") var push = false
    @Option(help: ArgumentHelp("The remote to push to.", valueName: "name")) var remote = "origin"
    @Option(help: ArgumentHelp("How many rejected pushes to retry, with backoff.", valueName: "count")) var retries = 10

    func validate() throws {
        guard retries >= 0 else { throw ValidationError("--retries must be 0 or more, not \(retries)") }
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension Glidepath.SchemaFormat: ExpressibleByArgument {}

/// `GLIDEPATH_TEST_KILL_AT=<step>` makes publish kill itself with SIGKILL when it reaches that
/// step, as git's GIT_TEST_* variables do: the crash tests use it to stop at exact points.
func crashPoint() -> @Sendable (String) -> Void {
    guard let point = ProcessInfo.processInfo.environment["GLIDEPATH_TEST_KILL_AT"], !point.isEmpty else { return { _ in } }
    return { step in if step == point { kill(getpid(), SIGKILL) } }
}
