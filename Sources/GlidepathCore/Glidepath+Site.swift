import Diagnostics
public import Files
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
        let inside = fileSystem.realPath(specFolder).map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? specFolder + "/"
        let outside = paths.filter { path in !(fileSystem.realPath(path)?.hasPrefix(inside) ?? false) }
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
        var (checkedSpecs, result) = checkAll(
            paths, format: format, colors: colors, fileSystem: fileSystem, displayPath: { String($0.dropFirst(prefix)) })
        result.errors = skippedNote + result.errors
        guard result.exitCode == 0 else {
            if format == .text, result.exitCode == CommandResult.specErrors {
                result.errors += "glidepath: site not written: fix the errors above first\n"
            }
            return result
        }
        do throws(EnvironmentError) {
            let plans = checkedSpecs.compactMap(\.plan)
            let records = try repository.map { repository throws(EnvironmentError) in
                try EnvironmentError.publishing { () throws(PublishError) in try SignOffRecords.read(repository: repository) }
            }
            let artifacts = try EnvironmentError.rendering { () throws(RenderError) in
                var migrations: [SiteRenderer.Migration] = []
                for plan in plans {
                    migrations.append(SiteRenderer.Migration(plan: plan, generated: try generate(plan), signOffs: records))
                    if plans.count >= 20 { progress?(migrations.count, plans.count) }
                }
                return try SiteRenderer.render(migrations, templates: templates, version: version)
            }
            switch mode {
            case .write:
                try EnvironmentError.publishing { () throws(PublishError) in
                    try OutputWriter(fileSystem: fileSystem).write(artifacts, to: outputFolder)
                }
                if format == .text {
                    result.output +=
                        "wrote \(outputFolder)/: \(plans.count) runbook\(plans.count == 1 ? "" : "s"), \(artifacts.count) files\n"
                }
            case .check:
                let stale = staleFiles(artifacts, in: outputFolder, fileSystem: fileSystem)
                if stale.isEmpty {
                    if format == .text { result.output += "\(outputFolder)/ is up to date with \(specFolder)/\n" }
                } else {
                    result.errors += "glidepath: \(outputFolder)/ is stale; run `glidepath site \(specFolder) --out \(outputFolder)`:\n"
                    result.errors += stale.map { "  \($0)\n" }.joined()
                    result.exitCode = CommandResult.specErrors
                }
            }
        } catch {
            result.fail(error)
        }
        return result
    }

    /// Files that would change, appear or disappear if the site were written again.
    private static func staleFiles(_ artifacts: [Artifact], in folder: String, fileSystem: FileSystem) -> [String] {
        let existing = Set((try? fileSystem.files(under: folder)) ?? [])
        var stale: [String] = []
        for artifact in artifacts {
            let bytes = try? fileSystem.readFile(folder + "/" + artifact.path)
            if bytes == nil {
                stale.append("missing: " + artifact.path)
            } else if bytes != Array(artifact.contents.utf8) {
                stale.append("differs: " + artifact.path)
            }
        }
        let expected = Set(artifacts.map(\.path))
        stale += existing.subtracting(expected).sorted().map { "not generated: " + $0 }
        return stale
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
