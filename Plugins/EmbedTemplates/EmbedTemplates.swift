import Foundation
import PackagePlugin

/// Two build steps over `templates/`: its files embedded into the target as Swift string
/// literals, so the default runbook templates and assets travel inside the `glidepath` binary
/// and it works from any folder; and its root templates compiled to Swift against the page
/// model (the structs of `pageModelFiles`), so the built-in runbook is rendered without
/// interpreting a template. Every file read is an input: editing one rebuilds both.
@main
struct EmbedTemplates: BuildToolPlugin {
    /// The files declaring the page model the templates read.
    static let pageModelFiles = ["RunbookPage.swift", "SiteRenderer.swift"]
    /// Each root template and the page-model struct it renders.
    static let roots = ["runbook": "RunbookPage", "index": "IndexPage"]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "templates")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
            .filter { path in
                var isFolder: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: folder.appending(path: path).path, isDirectory: &isFolder)
                return !isFolder.boolValue && !path.hasSuffix("README.md") && !path.split(separator: "/").contains { $0.hasPrefix(".") }
            }
            .sorted()
        let templates = files.filter { $0.hasSuffix(".mustache") }
        let models =
            (target as? SourceModuleTarget)?.sourceFiles.map(\.url)
            .filter { Self.pageModelFiles.contains($0.lastPathComponent) }
            .sorted { $0.path < $1.path } ?? []
        let tool = try context.tool(named: "embed-templates").url
        let embedded = context.pluginWorkDirectoryURL.appending(path: "DefaultTemplates.swift")
        let compiled = context.pluginWorkDirectoryURL.appending(path: "CompiledTemplates.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) files of templates/",
                executable: tool,
                arguments: ["embed", folder.path, embedded.path] + files,
                inputFiles: files.map { folder.appending(path: $0) },
                outputFiles: [embedded]),
            .buildCommand(
                displayName: "Compiling \(Self.roots.count) templates of templates/",
                executable: tool,
                arguments: ["compile", folder.path, compiled.path]
                    + models.flatMap { ["--model", $0.path] }
                    + Self.roots.sorted { $0.key < $1.key }.flatMap { ["--root", "\($0.key)=\($0.value)"] }
                    + templates,
                inputFiles: templates.map { folder.appending(path: $0) } + models,
                outputFiles: [compiled]),
        ]
    }
}
