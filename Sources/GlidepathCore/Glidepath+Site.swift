import Diagnostics
import Plan
public import Publish
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

    public static func siteCommand(
        specFolder: String, outputFolder: String, templatesFolder: String? = nil, mode: SiteMode = .write,
        format: OutputFormat, colors: Bool, fileSystem: FileSystem = .live
    ) -> CommandResult {
        let templates: RunbookTemplates
        switch loadTemplates(templatesFolder, fileSystem: fileSystem) {
        case .success(let loaded): templates = loaded
        case .failure(let failure): return failure.result
        }
        guard fileSystem.isDirectory(specFolder) else {
            return LoadFailure(message: "\(specFolder): not a folder of specs").result
        }
        let paths: [String]
        do {
            paths = try fileSystem.files(under: specFolder)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .map { specFolder.hasSuffix("/") ? specFolder + $0 : specFolder + "/" + $0 }
        } catch {
            return LoadFailure(message: "\(specFolder): cannot list: \(error.localizedDescription)").result
        }
        // A spec may be a link, but only to a file inside the folder: a link to a credentials
        // file elsewhere must not be read, let alone quoted in an error.
        let inside = fileSystem.realPath(specFolder).map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? specFolder + "/"
        let outside = paths.filter { path in !(fileSystem.realPath(path)?.hasPrefix(inside) ?? false) }
        if !outside.isEmpty {
            var refusal = Diagnostics()
            for path in outside {
                refusal.append(Diagnostic(
                    id: "site.outside-folder", severity: .error,
                    message: "the spec resolves to a file outside '\(specFolder)', which glidepath does not read",
                    range: SourceRange.point(path, line: 1, column: 1),
                    notes: [DiagnosticNote("a symbolic link in a spec folder must point inside it; replace the link with the spec itself")]))
            }
            return report([Checked(path: specFolder, source: nil, diagnostics: refusal, plan: nil, specDigest: "")], format: format, colors: colors)
        }
        var (checkedSpecs, result) = checkAll(paths, format: format, colors: colors, fileSystem: fileSystem)
        guard result.exitCode == 0 else {
            if format == .text, result.exitCode == CommandResult.specErrors {
                result.errors += "glidepath: site not written: fix the errors above first\n"
            }
            return result
        }
        do {
            var migrations: [SiteRenderer.Migration] = []
            for checked in checkedSpecs {
                guard var plan = checked.plan else { continue }
                // Pages name the spec by its place in the folder, so the site is the same
                // whichever directory it is built from.
                plan.spec.path = String(checked.path.dropFirst(specFolder.hasSuffix("/") ? specFolder.count : specFolder.count + 1))
                migrations.append(SiteRenderer.Migration(plan: plan, specDigest: checked.specDigest, generated: try generate(plan)))
            }
            let artifacts = try SiteRenderer.render(migrations, templates: templates, version: version)
            switch mode {
            case .write:
                try OutputWriter(fileSystem: fileSystem).write(artifacts, to: outputFolder)
                if format == .text {
                    result.output += "wrote \(outputFolder)/: \(migrations.count) runbook\(migrations.count == 1 ? "" : "s"), \(artifacts.count) files\n"
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
            result.failEnvironment(error)
        }
        return result
    }

    /// Files that would change, appear or disappear if the site were written again.
    private static func staleFiles(_ artifacts: [Artifact], in folder: String, fileSystem: FileSystem) -> [String] {
        let existing = Set((try? fileSystem.files(under: folder)) ?? [])
        var stale: [String] = []
        for artifact in artifacts {
            let bytes = try? fileSystem.readFile(folder + "/" + artifact.path)
            if bytes == nil { stale.append("missing: " + artifact.path) }
            else if bytes != Array(artifact.contents.utf8) { stale.append("differs: " + artifact.path) }
        }
        let expected = Set(artifacts.map(\.path))
        stale += existing.subtracting(expected).sorted().map { "not generated: " + $0 }
        return stale
    }

    /// The built-in templates, with the files of `folder` (when given) replacing their namesakes.
    static func loadTemplates(_ folder: String?, fileSystem: FileSystem) -> Result<RunbookTemplates, LoadFailure> {
        guard let folder else { return .success(.builtIn) }
        guard fileSystem.isDirectory(folder) else {
            return .failure(LoadFailure(message: "\(folder): not a templates folder (--templates)"))
        }
        var replacements: [(path: String, contents: String, origin: String)] = []
        do {
            for path in try fileSystem.files(under: folder) where RunbookTemplates.isTemplateFile(path) {
                let origin = folder + "/" + path
                guard let text = String(validating: try fileSystem.readFile(origin), as: UTF8.self) else {
                    return .failure(LoadFailure(message: "\(origin): not UTF-8 text"))
                }
                replacements.append((path, text, origin))
            }
        } catch {
            return .failure(LoadFailure(message: "\(folder): cannot read templates: \(error.localizedDescription)"))
        }
        guard !replacements.isEmpty else {
            return .failure(LoadFailure(message: "\(folder): holds no *.mustache templates or assets/ files (--templates)"))
        }
        return .success(RunbookTemplates.builtIn.overriding(with: replacements))
    }
}
