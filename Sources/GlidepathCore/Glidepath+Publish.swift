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
        let paths: [String]
        switch specPaths(given, fileSystem: fileSystem) {
        case .found(let found): paths = found
        case .failed(let failure): return failure
        }
        let (lock, published) = repositoryLock(
            repository: options.repository, options: options, workTree: false, branch: request.branch, fileSystem: fileSystem)
        var (specs, _, result) = loadForRepository(
            paths, lock: lock?.lock, published: published, format: format, colors: colors, fileSystem: fileSystem,
            displayPath: repositoryNaming(options.repository, fileSystem: fileSystem))
        guard result.exitCode == 0 else {
            if format == .text, result.exitCode == CommandResult.specErrors {
                result.errors += "glidepath: nothing published: fix the errors above first\n"
            }
            return result
        }
        checkpoint("checked")
        do {
            let (opened, recovered) = try Publisher.open(repository: options.repository, fileSystem: fileSystem, checkpoint: checkpoint)
            let publisher = opened.remembering(lock)
            if let recovered { result.errors += "glidepath: \(recovered)\n" }
            let branch = request.branch ?? (try? publisher.git.checkedOutBranch()) ?? "main"
            let render = repositoryRender(specs, options: options, git: publisher.git, branch: branch, fileSystem: fileSystem)
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
        // Sign-offs are checked against every spec's plan: then every spec is checked.
        let recorded = repositoryLock(
            repository: options.repository, options: options, workTree: true, branch: nil, fileSystem: fileSystem)
        let lock = requiredSignOffs.isEmpty ? recorded.trusted : nil
        var (specs, checked, result) = loadForRepository(
            paths, lock: lock?.lock, published: recorded.published, format: format, colors: colors, fileSystem: fileSystem,
            displayPath: repositoryNaming(options.repository, fileSystem: fileSystem))
        guard result.exitCode == 0 else { return result }
        do {
            let (opened, recovered) = try Publisher.open(repository: options.repository, fileSystem: fileSystem)
            let publisher = opened.remembering(lock)
            if let recovered { result.errors += "glidepath: \(recovered)\n" }
            let branch = (try? publisher.git.checkedOutBranch()) ?? "main"
            let preview = try publisher.preview(
                render: repositoryRender(specs, options: options, git: publisher.git, branch: branch, fileSystem: fileSystem))
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

    // MARK: Rendering for a repository

    /// The render a publish repeats on every attempt: settings from the lock and the flags,
    /// then every checked spec into its folder.
    /// `signOff`: a new approval, rendered into its migration's runbook with the recorded ones.
    static func repositoryRender(
        _ specs: [RepositorySpec], options: RepositoryOptions, git: Git, branch: String, signOff: SignOffRecord? = nil,
        fileSystem: FileSystem
    ) -> RepositoryRender {
        let originURL = (try? git.remoteURL("origin")).flatMap { $0 }
        return { base throws(PublishError) in
            let lock = base.lock
            // The new approval, unless the history already records the same one.
            let isNew =
                signOff.map { new in
                    !base.signOffs.contains {
                        ($0.migration, $0.point, $0.role, $0.signer, $0.artifactsDigest)
                            == (new.migration, new.point, new.role, new.signer, new.artifactsDigest)
                    }
                } ?? false
            let signOffs = base.signOffs + (isNew ? [signOff].compactMap { $0 } : [])
            let settings = try PublishLock.Settings.resolve(
                options, recorded: lock?.settings, branch: branch, originURL: originURL, generator: "glidepath \(version)")
            let layout = try Layout(settings.layout)
            let sameSettings = lock?.settings == settings
            var outputs: [MigrationOutput] = []
            let files: @Sendable (CheckedPlan, String) throws(PublishError) -> [Artifact] = { plan, folder throws(PublishError) in
                do throws(RenderError) {
                    let name = plan.names.migration
                    var files = try render(plan, signOffs: signOffs.filter { $0.migration == name })
                    if let application = settings.application {
                        files.append(try ArgoApplicationRenderer.render(plan, settings: application, sourcePath: folder + "/manifests"))
                    }
                    return files.map { Artifact(path: folder + "/" + $0.path, contents: $0.contents) }
                } catch {
                    throw .render(error.description)
                }
            }
            let recordedBySpec = Dictionary(
                (lock?.migrations ?? [:]).map { ($0.value.spec, ($0.key, $0.value)) }, uniquingKeysWith: { first, _ in first })
            for spec in specs {
                // A spec known from the lock at the start, under the same settings: deferred as it
                // stands in this base's lock, and checked only if its files must be rendered.
                if spec.plan == nil, sameSettings,
                    let (name, recorded) = recordedBySpec[spec.displayPath],
                    recorded.specSHA256 == spec.digest, signOff?.migration != name
                {
                    let folder = recorded.folder
                    let deferred: @Sendable () throws(PublishError) -> [Artifact] = { () throws(PublishError) in
                        try files(try Self.plan(of: spec, fileSystem: fileSystem), folder)
                    }
                    outputs.append(
                        MigrationOutput(name: name, spec: spec.displayPath, specSHA256: spec.digest, folder: folder, render: deferred))
                    continue
                }
                let plan: CheckedPlan
                if let checked = spec.plan { plan = checked } else { plan = try Self.plan(of: spec, fileSystem: fileSystem) }
                let name = plan.names.migration
                let specPath = plan.origin.displayPath
                let digest = plan.origin.digest
                // The check ran against the lock read before; the commit built on (another
                // publisher's, after a push race) decides.
                if plan.workload.changesVersionThroughCanary, lock?.migrations[name] == nil {
                    throw .firstPublishSkipsCanary(migration: name, spec: specPath)
                }
                // The contract's Job goes out only with every role's approval of the point of no
                // return, for these very files (the Job itself is outside the digest).
                if plan.data?.runner.cluster?.runContract == true {
                    let waiting: [String]
                    do throws(EnvironmentError) {
                        waiting = try missingSignOffs([plan], required: ["point-of-no-return"], records: signOffs)
                    } catch {
                        throw .render(error.description)
                    }
                    if !waiting.isEmpty {
                        throw .contractWithoutSignOff(migration: name, waiting: waiting)
                    }
                }
                let folder = try layout.folder(service: plan.migration.service, name: name, namespace: plan.names.namespace)
                // Unchanged spec, place and settings: rendered only when its files are not intact
                // (a new sign-off always renders, its runbook changes).
                if sameSettings, signOff?.migration != name, let recorded = lock?.migrations[name], recorded.spec == specPath,
                    recorded.specSHA256 == digest, recorded.folder == folder
                {
                    let deferred: @Sendable () throws(PublishError) -> [Artifact] = { () throws(PublishError) in try files(plan, folder) }
                    outputs.append(MigrationOutput(name: name, spec: specPath, specSHA256: digest, folder: folder, render: deferred))
                } else {
                    outputs.append(
                        MigrationOutput(name: name, spec: specPath, specSHA256: digest, folder: folder, files: try files(plan, folder)))
                }
            }
            return (settings, outputs)
        }
    }

    /// The plan of a spec that was known from the lock and not checked: checked now, from the
    /// same bytes (it passed this check when it was published).
    static func plan(of spec: RepositorySpec, fileSystem: FileSystem) throws(PublishError) -> CheckedPlan {
        switch recheck(spec.path, displayPath: spec.displayPath, digest: spec.digest, fileSystem: fileSystem) {
        case .success(let plan): return plan
        case .failure(let error): throw .render("\(spec.path): \(error)")
        }
    }

    /// A spec inside the repository is named by its path there, so the lock, the trailers and
    /// the runbook do not depend on where the command ran; a spec elsewhere keeps its path.
    /// The naming is settled before the specs are checked, so every plan carries it from the
    /// start. A repository that cannot be opened names nothing: the publish fails on it later.
    static func repositoryNaming(_ repository: String, fileSystem: FileSystem) -> @Sendable (String) -> String {
        guard let root = try? Git.open(repository).root else { return { $0 } }
        return { repositoryRelative($0, root: root, fileSystem: fileSystem) }
    }

    static func repositoryRelative(_ path: String, root: String, fileSystem: FileSystem) -> String {
        let clean = path.filter { !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) }
        guard let resolved = fileSystem.realPath(path), resolved.hasPrefix(root + "/") else { return clean }
        return String(resolved.dropFirst(root.count + 1))
    }

    // MARK: Helpers

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
