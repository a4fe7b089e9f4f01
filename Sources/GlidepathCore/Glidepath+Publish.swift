import Diagnostics
public import Files
import Plan
public import Publish
import Render

/// `glidepath publish`, `glidepath diff` and `glidepath check-repo`: the specs' output put
/// into, or compared with, a GitOps repository under a layout, tracked by its publish lock.
extension Glidepath {
    /// Branch, push, message and force: what a publish does besides writing the files.
    public typealias PublishRequest = Publish.PublishRequest

    /// Repository choices given on the command line; anything left nil comes from the lock.
    public typealias RepositoryOptions = Publish.RepositoryOptions

    public static func publishCommand(
        paths given: [String], options: RepositoryOptions, request: PublishRequest, format: OutputFormat, colors: Bool,
        fileSystem: FileSystem = .live, checkpoint: @escaping @Sendable (String) -> Void = { _ in }
    ) -> CommandResult {
        // Load: the specs named, and the repository as the branch's tip holds it.
        let paths: [String]
        switch specPaths(given, fileSystem: fileSystem) {
        case .found(let found): paths = found
        case .failed(let failure): return failure
        }
        let repository = RepositoryView.inspect(
            options, branch: request.branch, workTree: false, generator: generator, fileSystem: fileSystem)
        // Check: every spec the repository's lock does not vouch for.
        var (specs, _, result) = checkForRepository(
            paths, in: repository, vouch: true, format: format, colors: colors, fileSystem: fileSystem)
        guard result.exitCode == 0 else {
            if format == .text, result.exitCode == CommandResult.specErrors {
                result.errors += "glidepath: nothing published: fix the errors above first\n"
            }
            return result
        }
        checkpoint("checked")
        // Render and publish: one commit, rendered again on the tip it is built on.
        do {
            let (publisher, recovered) = try repository.open(checkpoint: checkpoint)
            if let recovered { result.errors += "glidepath: \(recovered)\n" }
            let render = repository.render(specs, with: migrationRendering(fileSystem: fileSystem))
            let outcome = try publisher.publish(request, render: render)
            result.output += describe(outcome, repository: publisher.git.root, request: request)
            result.errors += outcome.notes.map { "glidepath: \($0)\n" }.joined()
        } catch {
            result.fail(.publish(error))
        }
        result.errors = Redaction.redact(result.errors)
        return result
    }

    /// What a repository check does when the files differ from what the specs give.
    public enum RepositoryCheckMode: Sendable {
        /// `glidepath diff`: print the changes, exit 0.
        case show
        /// `glidepath check-repo`: print the changes and exit 1 when there are any.
        case requireInSync
    }

    /// `requiredSignOffs`: points (`50`, `success`, `point-of-no-return`) whose every role must
    /// have approved the files the specs give now (`check-repo --require-sign-off`).
    public static func repositoryCheckCommand(
        paths given: [String], options: RepositoryOptions, mode: RepositoryCheckMode, format: OutputFormat, colors: Bool,
        requiredSignOffs: [String] = [], fileSystem: FileSystem = .live
    ) -> CommandResult {
        let paths: [String]
        switch specPaths(given, fileSystem: fileSystem) {
        case .found(let found): paths = found
        case .failed(let failure): return failure
        }
        // Load, then check: sign-offs are judged against every spec's plan, so then every spec is checked.
        let repository = RepositoryView.inspect(options, branch: nil, workTree: true, generator: generator, fileSystem: fileSystem)
        var (specs, checked, result) = checkForRepository(
            paths, in: repository, vouch: requiredSignOffs.isEmpty, format: format, colors: colors, fileSystem: fileSystem)
        guard result.exitCode == 0 else { return result }
        // Render, and compare with the work tree.
        do {
            let (publisher, recovered) = try repository.open()
            if let recovered { result.errors += "glidepath: \(recovered)\n" }
            let preview = try publisher.preview(render: repository.render(specs, with: migrationRendering(fileSystem: fileSystem)))
            let root = publisher.git.root
            if !requiredSignOffs.isEmpty {
                let records = try publisher.recordedSignOffs()
                let missing: [String]
                do throws(EnvironmentError) {
                    missing = try missingSignOffs(checked.compactMap(\.plan), required: requiredSignOffs, records: records)
                } catch {
                    result.fail(error)
                    return result
                }
                if !missing.isEmpty {
                    result.errors += missing.map { "glidepath: missing sign-off: \($0)\n" }.joined()
                    result.errors += "  hint: glidepath sign-off SPEC --repo \(root) --at POINT --role ROLE records one\n"
                    result.exitCode = CommandResult.specErrors
                }
            }
            if preview.inSync {
                result.output +=
                    mode == .show
                    ? "no changes: \(root) already holds what \(plural(paths.count, "spec")) give\n"
                    : "\(root) is in sync with \(plural(paths.count, "spec"))\n"
                return result
            }
            result.output += preview.summary + preview.unifiedDiff
            if !preview.update.conflicts.isEmpty {
                result.errors += "glidepath: " + Conflict.report(preview.update.conflicts, prospective: true) + "\n"
            }
            if mode == .requireInSync, format == .github || format == .sarif {
                // CI formats: each drifting file is an annotation on that file; the diff goes to
                // standard error, for the job summary.
                var drift = Diagnostics()
                for path in preview.update.writes.map(\.path) + preview.update.removals {
                    let start = SourceLocation(line: 1, column: 1)
                    drift.append(
                        Diagnostic(
                            id: "repo.drift", severity: .error,
                            message: "\(path) does not hold what the specs give; run `glidepath publish` with the same specs and settings",
                            range: SourceRange(path: path, start: start, end: start)))
                }
                var all = Diagnostics()
                for spec in checked { all.append(contentsOf: spec.diagnostics) }
                all.append(contentsOf: drift)
                let annotated = report(
                    [Checked(path: "", source: nil, diagnostics: all, plan: nil, name: nil)], format: format, colors: false)
                result.errors += result.output
                result.output = annotated.output
                result.exitCode = CommandResult.specErrors
                result.errors = Redaction.redact(result.errors)
                return result
            }
            if mode == .requireInSync {
                let count = preview.update.writes.count + preview.update.removals.count
                result.errors +=
                    "glidepath: drift: \(plural(count, "file")) in \(root) do not match what the specs give; "
                    + "run `glidepath publish` with the same specs and settings, and commit the result\n"
                result.exitCode = CommandResult.specErrors
            }
        } catch {
            result.fail(.publish(error))
        }
        result.errors = Redaction.redact(result.errors)
        return result
    }

    // MARK: Helpers

    /// What the lock records as its generator: a new version renders every migration again.
    static let generator = "glidepath \(version)"

    static func describe(_ outcome: PublishOutcome, repository: String, request: PublishRequest) -> String {
        guard let commit = outcome.commit else {
            return "nothing to publish: \(repository) already holds what the specs give (\(outcome.branch))\n"
        }
        var text = ""
        for migration in outcome.update.changedMigrations {
            text += "published \(migration.name): \(migration.added) added, \(migration.changed) changed, \(migration.removed) removed\n"
        }
        if outcome.update.changedMigrations.isEmpty { text += "updated \(PublishLock.path)\n" }
        text += "commit \(commit.prefix(12)) on \(outcome.branch)"
        if request.push {
            text += ", pushed to \(request.remote)" + (outcome.pushAttempts > 1 ? " (attempt \(outcome.pushAttempts))" : "")
        }
        return text + "\n"
    }

    static func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}

extension Glidepath {
    /// Spec files as given, with a folder standing for the specs under it (`glidepath specs`):
    /// a monorepo's CI names one folder, not thousands of files (no shell splits names, and the
    /// command line stays short). A spec under a folder that resolves outside it is refused.
    static func specPaths(_ paths: [String], fileSystem: FileSystem) -> FoundSpecs {
        var specs: [String] = []
        for path in paths {
            guard fileSystem.isDirectory(path) else {
                specs.append(path)
                continue
            }
            switch discoverSpecs(in: path, fileSystem: fileSystem) {
            case .success(let found) where !found.specs.isEmpty:
                if let outside = found.outside.first {
                    return .failed(
                        CommandResult(
                            errors: "glidepath: \(outside): resolves to a file outside '\(path)', which glidepath does not read\n",
                            exitCode: CommandResult.specErrors))
                }
                specs += found.specs
            case .success:
                return .failed(CommandResult(errors: "glidepath: no migration spec (kind: Migration) in \(path)\n", exitCode: 1))
            case .failure(let failure): return .failed(CommandResult(failure: failure))
            }
        }
        return .found(specs)
    }

    enum FoundSpecs {
        case found([String])
        case failed(CommandResult)
    }

    /// `glidepath manifests`: the traffic manifests of the specs as one YAML stream on standard
    /// output, which is what an Argo CD Config Management Plugin's generate command prints.
    /// Spec errors go to standard error (Argo CD shows them on the Application) with exit 1. A
    /// folder stands for the specs under it (`glidepath specs`), so no shell ever splits names.
    public static func manifestsCommand(paths: [String], colors: Bool, fileSystem: FileSystem = .live) -> CommandResult {
        let specs: [String]
        switch specPaths(paths, fileSystem: fileSystem) {
        case .found(let found): specs = found
        case .failed(let failure): return failure
        }
        var (checked, result) = checkAll(specs, format: .text, colors: colors, fileSystem: fileSystem)
        guard result.exitCode == 0 else { return result }
        do {
            for spec in checked {
                guard let plan = spec.plan else { continue }
                for file in try ManifestRenderer.render(plan)
                where file.path.hasPrefix("manifests/") && !file.path.hasSuffix("/kustomization.yaml") {
                    result.output += "---\n" + file.contents
                }
            }
        } catch {
            result.fail(.render(error))
        }
        return result
    }
}
