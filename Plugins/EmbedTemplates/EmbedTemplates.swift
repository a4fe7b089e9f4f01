import Foundation
import PackagePlugin

/// Embeds the files of `templates/` into the target as Swift string literals, so the default
/// runbook templates and assets travel inside the `glidepath` binary and it works from any
/// folder. Every file is an input: editing a template rebuilds the embedding.
@main
struct EmbedTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "templates")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
            .filter { path in
                var isFolder: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: folder.appending(path: path).path, isDirectory: &isFolder)
                return !isFolder.boolValue && !path.hasSuffix("README.md") && !path.split(separator: "/").contains { $0.hasPrefix(".") }
            }
            .sorted()
        let output = context.pluginWorkDirectoryURL.appending(path: "DefaultTemplates.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) files of templates/",
                executable: try context.tool(named: "embed-templates").url,
                arguments: [folder.path, output.path] + files,
                inputFiles: files.map { folder.appending(path: $0) },
                outputFiles: [output])
        ]
    }
}
