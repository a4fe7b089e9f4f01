public import Diagnostics
import Check
import Digest
import Foundation
import Plan
import Publish
import Render
import Spec

/// What a command produced: text for standard output, text for standard error, an exit code.
/// The executable prints these and exits; all decisions are made here, where tests reach them.
public struct CommandResult: Sendable {
    public var output: String
    public var errors: String
    public var exitCode: Int32

    /// Exit codes: 0 success (warnings allowed), 1 problems in a spec, 2 usage or I/O errors.
    public static let specErrors: Int32 = 1
    public static let environmentError: Int32 = 2

    /// A render, write or template failure: the message (RenderError and PublishError describe
    /// themselves by it) and exit 2.
    mutating func failEnvironment(_ error: any Error) {
        errors += "glidepath: \(error)\n"
        exitCode = Self.environmentError
    }
}

public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json
}

/// The pipeline wired together: load -> check -> plan -> render -> publish.
public enum Glidepath {
    public static let version = "0.1.0"

    /// Reads, decodes and checks one spec; the plan is present only when there were no errors.
    public struct Checked: Sendable {
        public var path: String
        public var source: SourceFile?
        public var diagnostics: Diagnostics
        public var plan: MigrationPlan?
        /// SHA-256 of the spec file's bytes: keys the runbook's ticks and traces output to it.
        public var specDigest: String
    }

    public static func check(bytes: [UInt8], path: String) -> Checked {
        var diagnostics = Diagnostics()
        let digest = SHA256.hex(bytes)
        let read = SpecReader.read(bytes: bytes, path: path, diagnostics: &diagnostics)
        guard let spec = read.spec else {
            return Checked(path: path, source: read.source, diagnostics: diagnostics, plan: nil, specDigest: digest)
        }
        let plan = MigrationPlan(spec)
        SpecChecker.check(plan, source: read.source, diagnostics: &diagnostics)
        return Checked(
            path: path, source: read.source, diagnostics: diagnostics, plan: diagnostics.hasErrors ? nil : plan, specDigest: digest)
    }

    /// The manifests and SQL files of a checked plan, in memory: what Argo CD and the DBA run.
    public static func generate(_ plan: MigrationPlan) throws(RenderError) -> [Artifact] {
        try ManifestRenderer.render(plan) + SQLRenderer.render(plan)
    }

    /// Every artifact of a checked plan: the generated files plus the runbook that links them.
    public static func render(
        _ plan: MigrationPlan, specDigest: String, templates: RunbookTemplates = .builtIn
    ) throws(RenderError) -> [Artifact] {
        let generated = try generate(plan)
        return generated + (try RunbookRenderer.render(
            plan, specDigest: specDigest, generated: generated, templates: templates, version: version))
    }

    // MARK: Commands

    public static func checkCommand(paths: [String], format: OutputFormat, colors: Bool, fileSystem: FileSystem = .live) -> CommandResult {
        var results: [Checked] = []
        var readErrors: [String] = []
        for path in paths {
            switch load(path, fileSystem: fileSystem) {
            case .success(let bytes): results.append(check(bytes: bytes, path: path))
            case .failure(let failure): readErrors.append(failure.message)
            }
        }
        var result = report(results, format: format, colors: colors)
        if format == .text {
            result.errors = readErrors.map { "glidepath: \($0)\n" }.joined() + result.errors
            if readErrors.isEmpty, !results.contains(where: { $0.diagnostics.hasErrors }) {
                result.output += paths.count == 1 ? "\(paths[0]): ok\n" : "\(paths.count) specs: ok\n"
            }
        } else if !readErrors.isEmpty {
            result.errors += readErrors.map { "glidepath: \($0)\n" }.joined()
        }
        if !readErrors.isEmpty { result.exitCode = CommandResult.environmentError }
        return result
    }

    public static func compileCommand(
        path: String, outputFolder: String, templatesFolder: String? = nil, format: OutputFormat, colors: Bool,
        fileSystem: FileSystem = .live
    ) -> CommandResult {
        let templates: RunbookTemplates
        switch loadTemplates(templatesFolder, fileSystem: fileSystem) {
        case .success(let loaded): templates = loaded
        case .failure(let failure): return failure.result
        }
        let checked: Checked
        switch load(path, fileSystem: fileSystem) {
        case .success(let bytes): checked = check(bytes: bytes, path: path)
        case .failure(let failure): return failure.result
        }
        var result = report([checked], format: format, colors: colors)
        guard let plan = checked.plan else { return result }
        do {
            let artifacts = try render(plan, specDigest: checked.specDigest, templates: templates)
            try OutputWriter(fileSystem: fileSystem).write(artifacts, to: outputFolder)
            if format == .text {
                result.output += artifacts.map { "wrote \(outputFolder)/\($0.path)\n" }.joined()
            }
        } catch {
            result.failEnvironment(error)
        }
        return result
    }

    public static func planCommand(path: String, colors: Bool, fileSystem: FileSystem = .live) -> CommandResult {
        let checked: Checked
        switch load(path, fileSystem: fileSystem) {
        case .success(let bytes): checked = check(bytes: bytes, path: path)
        case .failure(let failure): return failure.result
        }
        var result = report([checked], format: .text, colors: colors)
        if let plan = checked.plan { result.output += PlanPrinter.text(plan) }
        return result
    }

    public static func schemaCommand(format: SchemaFormat) -> CommandResult {
        let output = switch format {
        case .json: JSONSchemaGenerator.schema().serialized(pretty: true)
        case .markdown: SpecDocsGenerator.markdown()
        }
        return CommandResult(output: output, errors: "", exitCode: 0)
    }

    public enum SchemaFormat: String, Sendable, CaseIterable {
        case json, markdown
    }

    // MARK: Helpers

    /// A spec file that could not be read: an environment error (exit 2), not a spec problem.
    struct LoadFailure: Error {
        var message: String
        var result: CommandResult {
            CommandResult(output: "", errors: "glidepath: \(message)\n", exitCode: CommandResult.environmentError)
        }
    }

    static func load(_ path: String, fileSystem: FileSystem) -> Result<[UInt8], LoadFailure> {
        guard fileSystem.exists(path) else { return .failure(LoadFailure(message: "\(path): no such file")) }
        guard !fileSystem.isDirectory(path) else {
            return .failure(LoadFailure(message: "\(path): is a folder, not a spec file"))
        }
        do {
            return .success(try fileSystem.readFile(path))
        } catch {
            return .failure(LoadFailure(message: "\(path): cannot read: \(error.localizedDescription)"))
        }
    }

    /// Loads and checks every spec; two specs naming one migration are an error.
    static func checkAll(_ paths: [String], format: OutputFormat, colors: Bool, fileSystem: FileSystem) -> ([Checked], CommandResult) {
        var checked: [Checked] = []
        for path in paths {
            switch load(path, fileSystem: fileSystem) {
            case .success(let bytes): checked.append(check(bytes: bytes, path: path))
            case .failure(let failure): return ([], failure.result)
            }
        }
        checked = flagDuplicateNames(checked)
        return (checked, report(checked, format: format, colors: colors))
    }

    /// Two specs naming the same migration would write the same folder and Application.
    static func flagDuplicateNames(_ specs: [Checked]) -> [Checked] {
        var firstPath: [String: (path: String, line: Int)] = [:]
        var specs = specs
        for index in specs.indices {
            guard let name = specs[index].plan?.spec.metadata.name else { continue }
            if let first = firstPath[name.value] {
                specs[index].diagnostics.append(Diagnostic(
                    id: "site.duplicate-migration", severity: .error,
                    message: "migration name '\(name.value)' is already used by \(first.path):\(first.line)",
                    range: name.range, notes: [DiagnosticNote("each migration needs its own name: it names the runbook's folder and the Argo CD Application")]))
                specs[index].plan = nil
            } else {
                firstPath[name.value] = (specs[index].path, name.range.start.line)
            }
        }
        return specs
    }

    /// Diagnostics go to standard error as text, or to standard output as one JSON document.
    static func report(_ results: [Checked], format: OutputFormat, colors: Bool) -> CommandResult {
        var all = Diagnostics()
        for result in results { all.append(contentsOf: result.diagnostics) }
        let exitCode: Int32 = all.hasErrors ? CommandResult.specErrors : 0
        switch format {
        case .json:
            return CommandResult(output: all.json.serialized(pretty: true), errors: "", exitCode: exitCode)
        case .text:
            let renderer = DiagnosticRenderer(sources: results.compactMap(\.source), colors: colors)
            var errors = renderer.render(all.sorted)
            if !all.all.isEmpty { errors += DiagnosticRenderer.summary(all) + "\n" }
            return CommandResult(output: "", errors: errors, exitCode: exitCode)
        }
    }
}
