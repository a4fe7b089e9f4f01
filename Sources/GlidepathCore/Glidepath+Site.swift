import Diagnostics
public import Files
import Foundation
import ParallelWork
import Plan
import Publish
import Render

/// `glidepath site`: every spec under a folder into one static runbook site, all or nothing;
/// and the `--templates DIR` overrides that `compile` and `site` share.
extension Glidepath {
    /// What `site` does with the rendered site: write it, or only compare it with the folder.
    public enum SiteMode: Sendable {
        case write
        /// Exit 1 and name the files that differ when the folder is not what the specs give.
        case check
    }

    /// `signOffsFrom`: a GitOps repository whose recorded sign-offs the runbooks and the index show.
    public static func siteCommand(
        specFolder: String, outputFolder: String, templatesFolder: String? = nil, mode: SiteMode = .write,
        signOffsFrom repository: String? = nil, exclude: [String] = [], format: OutputFormat, colors: Bool,
        progress: (@Sendable (Int, Int) -> Void)? = nil, fileSystem: FileSystem = .live
    ) -> CommandResult {
        let templates: RunbookTemplates
        switch loadTemplates(templatesFolder, fileSystem: fileSystem) {
        case .success(let loaded): templates = loaded
        case .failure(let failure): return CommandResult(failure: failure)
        }
        let discovered: DiscoveredSpecs
        switch discoverSpecs(in: specFolder, exclude: exclude, fileSystem: fileSystem) {
        case .success(let found): discovered = found
        case .failure(let failure): return CommandResult(failure: failure)
        }
        let paths = discovered.specs
        // Other YAML (values files, plain manifests) sits beside specs in real repositories.
        let skippedNote =
            discovered.skipped.isEmpty || format != .text
            ? ""
            : "note: skipped \(discovered.skipped.count) YAML file\(discovered.skipped.count == 1 ? "" : "s") that "
                + "\(discovered.skipped.count == 1 ? "is" : "are") not a spec (no kind: Migration): "
                + discovered.skipped.joined(separator: ", ") + "\n"
        // A spec may be a link, but only to a file inside the folder: a link to a credentials
        // file elsewhere must not be read, let alone quoted in an error.
        let outside = discovered.outside
        if !outside.isEmpty {
            var refusal = Diagnostics()
            for path in outside {
                refusal.append(
                    Diagnostic(
                        id: "site.outside-folder", severity: .error,
                        message: "the spec resolves to a file outside '\(specFolder)', which glidepath does not read",
                        range: SourceRange.point(path, line: 1, column: 1),
                        notes: [
                            DiagnosticNote("a symbolic link in a spec folder must point inside it; replace the link with the spec itself")
                        ]))
            }
            return report(
                [Checked(path: specFolder, source: nil, diagnostics: refusal, plan: nil, name: nil)], format: format, colors: colors)
        }
        // Pages name the spec by its place in the folder, so the site is the same whichever
        // directory it is built from.
        let prefix = specFolder.hasSuffix("/") ? specFolder.count : specFolder.count + 1
        let siteFolder = outputFolder.hasSuffix("/") && outputFolder.count > 1 ? String(outputFolder.dropLast()) : outputFolder
        let records: [SignOffRecord]?
        do throws(EnvironmentError) {
            records = try repository.map { repository throws(EnvironmentError) in
                try EnvironmentError.publishing { () throws(PublishError) in try SignOffRecords.read(repository: repository) }
            }
        } catch {
            return CommandResult(failure: error)
        }
        // Only a build that writes takes specs from the record; `--check` compares every file.
        let inputs = mode == .write ? siteInputs(templates: templates, signOffs: records, fileSystem: fileSystem) : nil
        let previous = inputs == nil ? nil : SiteRecord.read(in: siteFolder, fileSystem: fileSystem)
        let specs: [SiteSpec]
        switch loadSite(
            paths, read: discovered.contents, previous: previous, inputs: inputs, outputFolder: siteFolder, fileSystem: fileSystem,
            displayPath: { String($0.dropFirst(prefix)) })
        {
        case .success(let loaded): specs = loaded
        case .failure(let failure): return CommandResult(failure: failure)
        }
        let checkedSpecs = checkedTogether(specs.compactMap { if case .checked(let checked, _, _) = $0 { checked } else { nil } })
        var result = report(checkedSpecs, format: format, colors: colors)
        result.errors = skippedNote + result.errors
        guard result.exitCode == 0 else {
            if format == .text, result.exitCode == CommandResult.specErrors {
                result.errors += "glidepath: site not written: fix the errors above first\n"
            }
            return result
        }
        do throws(EnvironmentError) {
            let output =
                mode == .write
                ? try EnvironmentError.publishing { () throws(PublishError) in try SiteOutput.open(siteFolder, fileSystem: fileSystem) }
                : nil
            // Specs to render, by path: each is checked again when its turn comes (loadSite keeps no plans).
            var toRender: [(path: String, displayPath: String, digest: String)] = []
            var recorded: [RenderedSpec] = []
            var digests: [(displayPath: String, digest: String)] = []
            for spec in specs {
                switch spec {
                case .recorded(let displayPath, let record, let entry):
                    recorded.append(RenderedSpec(displayPath: displayPath, entry: entry, paths: record.files.keys.sorted(), record: record))
                    digests.append((displayPath, record.digest))
                case .checked(let checked, let displayPath, let digest):
                    toRender.append((checked.path, displayPath, digest))
                    digests.append((displayPath, digest))
                }
            }
            let specSet = SiteRecord.specSet(digests)
            let counter = ProgressCounter(total: toRender.count, report: toRender.count >= 20 ? progress : nil)
            // Each migration is rendered and written (or compared) on its own, on every core;
            // only its index entry and file list outlive it, so memory follows the work in
            // flight, not the number of specs.
            let finished = Parallel.map(toRender) { item -> Result<RenderedSpec, EnvironmentError> in
                do throws(EnvironmentError) {
                    let plan = try recheck(item.path, displayPath: item.displayPath, digest: item.digest, fileSystem: fileSystem).get()
                    let rendered = try EnvironmentError.rendering { () throws(RenderError) in
                        let migration = SiteRenderer.Migration(plan: plan, generated: try generate(plan), signOffs: records)
                        return try SiteRenderer.render(migration, templates: templates, version: version)
                    }
                    var done = RenderedSpec(displayPath: item.displayPath, entry: rendered.entry, paths: rendered.artifacts.map(\.path))
                    if let output {
                        let written = try EnvironmentError.publishing { () throws(PublishError) in try output.write(rendered.artifacts) }
                        done.written = written.count
                        done.record = SiteRecord.Spec(
                            digest: item.digest, migration: plan.names.migration, entry: rendered.entry.fields,
                            files: written.stamps)
                    } else {
                        done.stale = differences(rendered.artifacts, in: outputFolder, fileSystem: fileSystem)
                    }
                    counter.finishedOne()
                    return .success(done)
                } catch {
                    return .failure(error)
                }
            }
            var rendered: [RenderedSpec] = []
            for outcome in finished { rendered.append(try outcome.get()) }
            let all = rendered + recorded
            // The index and the assets follow from the specs' lines and the inputs alone: when no
            // spec was rendered and the set is the one they were made from, they stay as they are.
            let keptShared =
                toRender.isEmpty
                ? inputs.flatMap { previous?.sharedUnchanged(specSet: specSet, inputs: $0, in: siteFolder, fileSystem: fileSystem) }
                : nil
            let shared =
                keptShared != nil
                ? []
                : try EnvironmentError.rendering { () throws(RenderError) in
                    try SiteRenderer.renderIndex(all.map(\.entry), templates: templates, version: version)
                }
            let paths = all.flatMap(\.paths) + (keptShared.map { $0.files.keys.sorted() } ?? shared.map(\.path))
            if let output {
                let written = try EnvironmentError.publishing { () throws(PublishError) in try output.write(shared) }
                // A spec whose files could not all be stamped is left out, so the next build renders it.
                let record = inputs.map { inputs in
                    SiteRecord(
                        inputs: inputs,
                        shared: keptShared
                            ?? (written.stamps.count == shared.count ? SiteRecord.Shared(specSet: specSet, files: written.stamps) : nil),
                        specs: Dictionary(
                            all.compactMap { spec in
                                spec.record.flatMap { $0.files.count == spec.paths.count ? (spec.displayPath, $0) : nil }
                            },
                            uniquingKeysWith: { first, _ in first }))
                }
                let removed = try EnvironmentError.publishing { () throws(PublishError) in
                    // Every spec and the index taken from the record, none gone: the record stays as it is.
                    try output.finish(
                        generated: paths, record: record,
                        keepRecord: toRender.isEmpty && keptShared != nil && recorded.count == previous?.specs.count)
                }
                if format == .text {
                    let changed = rendered.reduce(written.count) { $0 + $1.written }
                    let count = all.count
                    result.output +=
                        "wrote \(outputFolder)/: \(count) runbook\(count == 1 ? "" : "s")"
                        + (recorded.isEmpty ? "" : " (\(recorded.count) unchanged since the last build, not rendered again)")
                        + ", \(paths.count) files (\(changed) written, \(removed) removed, the rest unchanged)\n"
                }
            } else {
                let stale =
                    rendered.flatMap(\.stale) + differences(shared, in: outputFolder, fileSystem: fileSystem)
                    + extras(beyond: paths, in: outputFolder, fileSystem: fileSystem)
                if stale.isEmpty {
                    if format == .text { result.output += "\(outputFolder)/ is up to date with \(specFolder)/\n" }
                } else {
                    result.errors += "glidepath: \(outputFolder)/ is stale; run `glidepath site \(specFolder) --out \(outputFolder)`:\n"
                    result.errors += stale.sorted { $0.split(separator: " ").last ?? "" < $1.split(separator: " ").last ?? "" }
                        .map { "  \($0)\n" }.joined()
                    result.exitCode = CommandResult.specErrors
                }
            }
        } catch {
            result.fail(error)
        }
        return result
    }

    /// What a migration leaves behind once its files are written or compared.
    struct RenderedSpec: Sendable {
        var displayPath: String
        var entry: SiteRenderer.IndexEntry
        var paths: [String]
        var written = 0
        var stale: [String] = []
        /// What the next build's record keeps of it.
        var record: SiteRecord.Spec?
    }

    /// Counts finished migrations for the progress line, from any thread.
    final class ProgressCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var done = 0
        private let total: Int
        private let report: (@Sendable (Int, Int) -> Void)?

        init(total: Int, report: (@Sendable (Int, Int) -> Void)?) {
            self.total = total
            self.report = report
        }

        func finishedOne() {
            guard let report else { return }
            lock.lock()
            done += 1
            let now = done
            lock.unlock()
            if now == total || now % 50 == 0 { report(now, total) }
        }
    }

    /// Files of these artifacts that are missing from the folder or hold other bytes.
    private static func differences(_ artifacts: [Artifact], in folder: String, fileSystem: FileSystem) -> [String] {
        artifacts.compactMap { artifact in
            guard let bytes = try? fileSystem.readFile(folder + "/" + artifact.path) else { return "missing: " + artifact.path }
            return bytes == Array(artifact.contents.utf8) ? nil : "differs: " + artifact.path
        }
    }

    /// Files in the folder that the specs do not give.
    private static func extras(beyond paths: [String], in folder: String, fileSystem: FileSystem) -> [String] {
        let existing = Set((try? fileSystem.files(under: folder)) ?? [])
        return existing.subtracting(paths).sorted().map { "not generated: " + $0 }
    }

    /// The built-in templates, with the files of `folder` (when given) replacing their namesakes.
    static func loadTemplates(_ folder: String?, fileSystem: FileSystem) -> Result<RunbookTemplates, EnvironmentError> {
        guard let folder else { return .success(.builtIn) }
        guard fileSystem.isDirectory(folder) else { return .failure(.notATemplatesFolder(folder)) }
        var replacements: [(path: String, contents: String, origin: String)] = []
        do {
            for path in try fileSystem.files(under: folder) where RunbookTemplates.isTemplateFile(path) {
                let origin = folder + "/" + path
                guard let text = String(validating: try fileSystem.readFile(origin), as: UTF8.self) else {
                    return .failure(.templateNotText(origin))
                }
                replacements.append((path, text, origin))
            }
        } catch {
            return .failure(.cannotReadTemplates(folder, reason: error.localizedDescription))
        }
        guard !replacements.isEmpty else { return .failure(.noTemplates(folder)) }
        return .success(RunbookTemplates.builtIn.overriding(with: replacements))
    }
}
