import Check
public import Diagnostics
import Digest
public import Files
import Foundation
import ParallelWork
public import Plan
import Publish
public import Render
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

    init(output: String = "", errors: String = "", exitCode: Int32 = 0) {
        self.output = output
        self.errors = errors
        self.exitCode = exitCode
    }

    init(failure: EnvironmentError) {
        self.init()
        fail(failure)
    }

    /// An environment error, worded by the error itself.
    mutating func fail(_ error: EnvironmentError) {
        errors += "glidepath: \(error)\n"
        exitCode = error.exitCode
    }
}

public enum OutputFormat: String, Sendable, CaseIterable {
    /// For people: located excerpts on standard error.
    case text
    /// One JSON document on standard output, for editors.
    case json
    /// GitHub Actions workflow commands on standard output: inline annotations on a pull request.
    case github
    /// A SARIF 2.1.0 log on standard output, for code-scanning upload.
    case sarif
}

/// The pipeline wired together: load -> check -> plan -> render -> publish.
public enum Glidepath {
    public static let version = "0.1.0"

    /// One spec, read, decoded and checked; the plan is present only when there were no errors.
    public struct Checked: Sendable {
        public var path: String
        public var source: SourceFile?
        public var diagnostics: Diagnostics
        public var plan: CheckedPlan? {
            get { planBox?.plan }
            set { planBox = newValue.map(PlanBox.init) }
        }
        /// The migration's name and where the spec sets it, for checks across specs.
        var name: (name: String, range: SourceRange)?
        /// A plan is a large value: held inline, every array of 10,000 checked specs (a site's)
        /// would carry a plan's size per spec, plan or not, and copy it on every move.
        private var planBox: PlanBox?

        init(path: String, source: SourceFile?, diagnostics: Diagnostics, plan: CheckedPlan?, name: (name: String, range: SourceRange)?) {
            self.path = path
            self.source = source
            self.diagnostics = diagnostics
            self.name = name
            self.plan = plan
        }
    }

    private final class PlanBox: Sendable {
        let plan: CheckedPlan
        init(_ plan: CheckedPlan) { self.plan = plan }
    }

    /// Reads, decodes and checks one spec. `displayPath` is how every output names the spec
    /// (the file as given, unless a site or a repository names it by its place there).
    /// `digest`: the SHA-256 of `bytes`, when the caller has it already.
    /// `published`: for publish, diff and check-repo, the migrations the repository holds.
    public static func check(
        bytes: [UInt8], path: String, displayPath: String? = nil, digest: String? = nil, published: Set<String>? = nil
    ) -> Checked {
        var diagnostics = Diagnostics()
        let read = SpecReader.read(bytes: bytes, path: path, diagnostics: &diagnostics)
        guard let spec = read.spec else {
            return Checked(path: path, source: read.source, diagnostics: diagnostics, plan: nil, name: nil)
        }
        let origin = SpecOrigin(displayPath: displayPath ?? path, digest: digest ?? SHA256.hex(bytes))
        let plan = SpecChecker.check(spec, origin: origin, source: read.source, published: published, diagnostics: &diagnostics)
        return Checked(
            path: path, source: read.source, diagnostics: diagnostics, plan: plan,
            name: (name: spec.metadata.name.value, range: spec.metadata.name.range))
    }

    /// The manifests and SQL files of a checked plan, in memory: what Argo CD and the DBA run.
    public static func generate(_ plan: CheckedPlan) throws(RenderError) -> [Artifact] {
        try ManifestRenderer.render(plan) + SQLRenderer.render(plan)
    }

    /// Every artifact of a checked plan: the generated files plus the runbook that links them.
    /// `signOffs`: the approvals a GitOps repository records (nil when none was read).
    public static func render(
        _ plan: CheckedPlan, templates: RunbookTemplates = .builtIn, signOffs: [SignOffRecord]? = nil
    ) throws(RenderError) -> [Artifact] {
        let generated = try generate(plan)
        return generated
            + (try RunbookRenderer.render(plan, generated: generated, templates: templates, version: version, signOffs: signOffs))
    }

    // MARK: Commands

    public static func checkCommand(paths: [String], format: OutputFormat, colors: Bool, fileSystem: FileSystem = .live) -> CommandResult {
        var results: [Checked] = []
        var readErrors: [EnvironmentError] = []
        for path in paths {
            switch load(path, fileSystem: fileSystem) {
            case .success(let bytes): results.append(check(bytes: bytes, path: path))
            case .failure(let failure): readErrors.append(failure)
            }
        }
        results = checkedTogether(results)
        var result = report(results, format: format, colors: colors)
        if format == .text, readErrors.isEmpty, !results.contains(where: { $0.diagnostics.hasErrors }) {
            result.output += paths.count == 1 ? "\(paths[0]): ok\n" : "\(paths.count) specs: ok\n"
        }
        let reported = readErrors.map { "glidepath: \($0)\n" }.joined()
        result.errors = format == .text ? reported + result.errors : result.errors + reported
        if !readErrors.isEmpty { result.exitCode = CommandResult.environmentError }
        return result
    }

    public static func compileCommand(
        path: String, outputFolder: String, templatesFolder: String? = nil, format: OutputFormat, colors: Bool,
        fileSystem: FileSystem = .live
    ) -> CommandResult {
        // Parsing the templates (done when a template set is made) is a third of a compile:
        // it runs beside the check.
        let (loadedTemplates, loadedSpec) = Parallel.both(
            { loadTemplates(templatesFolder, fileSystem: fileSystem) },
            { load(path, fileSystem: fileSystem).map { check(bytes: $0, path: path) } })
        let templates: RunbookTemplates
        switch loadedTemplates {
        case .success(let loaded): templates = loaded
        case .failure(let failure): return CommandResult(failure: failure)
        }
        let checked: Checked
        switch loadedSpec {
        case .success(let spec): checked = spec
        case .failure(let failure): return CommandResult(failure: failure)
        }
        var result = report([checked], format: format, colors: colors)
        guard let plan = checked.plan else { return result }
        do throws(EnvironmentError) {
            let artifacts = try EnvironmentError.rendering { () throws(RenderError) in try render(plan, templates: templates) }
            try EnvironmentError.publishing { () throws(PublishError) in
                try OutputWriter(fileSystem: fileSystem).write(artifacts, to: outputFolder)
            }
            if format == .text {
                result.output += artifacts.map { "wrote \(outputFolder)/\($0.path)\n" }.joined()
            }
        } catch {
            result.fail(error)
        }
        return result
    }

    /// The plan as text, or with `json` as one document (diagnostics go to standard error as
    /// text either way, so standard output stays the plan alone).
    public static func planCommand(path: String, format: OutputFormat = .text, colors: Bool, fileSystem: FileSystem = .live)
        -> CommandResult
    {
        let checked: Checked
        switch load(path, fileSystem: fileSystem) {
        case .success(let bytes): checked = check(bytes: bytes, path: path)
        case .failure(let failure): return CommandResult(failure: failure)
        }
        var result = report([checked], format: .text, colors: colors)
        guard let plan = checked.plan else { return result }
        switch format {
        case .json: result.output += PlanJSON.document(plan).serialized(pretty: true)
        default: result.output += PlanPrinter.text(plan)
        }
        return result
    }

    public static func schemaCommand(format: SchemaFormat) -> CommandResult {
        let output =
            switch format {
            case .json: JSONSchemaGenerator.schema().serialized(pretty: true)
            case .markdown: SpecDocsGenerator.markdown()
            }
        return CommandResult(output: output)
    }

    /// The closest of `candidates` to a mistyped word, when it is a plausible typo.
    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        Suggestion.closest(to: word, among: candidates)
    }

    public enum SchemaFormat: String, Sendable, CaseIterable {
        case json, markdown
    }

    // MARK: Helpers

    /// A spec file's bytes, or why it cannot be read (an environment error, not a spec problem).
    static func load(_ path: String, fileSystem: FileSystem) -> Result<[UInt8], EnvironmentError> {
        do {
            return .success(try fileSystem.readFile(path))
        } catch {
            // Asked only after a failed read, to name the cause: a site reads 10,000 specs.
            guard fileSystem.exists(path) else { return .failure(.noSuchFile(path)) }
            guard !fileSystem.isDirectory(path) else { return .failure(.isAFolder(path)) }
            return .failure(.cannotRead(path, reason: error.localizedDescription))
        }
    }

    /// Loads and checks every spec, and the specs together; `displayPath` names each spec in
    /// the outputs (by default as given).
    static func checkAll(
        _ paths: [String], format: OutputFormat, colors: Bool, fileSystem: FileSystem,
        displayPath: @escaping @Sendable (String) -> String = { $0 }
    ) -> ([Checked], CommandResult) {
        // Each spec is read and checked on its own, on every core; the first unreadable one
        // (in the order given) stops the command, as before.
        let loaded = Parallel.map(paths) { path -> Result<Checked, EnvironmentError> in
            load(path, fileSystem: fileSystem).map { check(bytes: $0, path: path, displayPath: displayPath(path)) }
        }
        var checked: [Checked] = []
        for result in loaded {
            switch result {
            case .success(let spec): checked.append(spec)
            case .failure(let failure): return ([], CommandResult(failure: failure))
            }
        }
        checked = checkedTogether(checked)
        return (checked, report(checked, format: format, colors: colors))
    }

    /// The checks across specs: a spec that repeats another's migration name gets the error
    /// and loses its plan.
    static func checkedTogether(_ specs: [Checked]) -> [Checked] {
        var specs = specs
        for (index, diagnostic) in MigrationSetCheck.duplicateNames(specs.map(\.name)) {
            specs[index].diagnostics.append(diagnostic)
            specs[index].plan = nil
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
            return CommandResult(output: all.json.serialized(pretty: true), exitCode: exitCode)
        case .github:
            return CommandResult(output: all.githubWorkflowCommands, exitCode: exitCode)
        case .sarif:
            let log = all.sarif(toolName: "glidepath", version: version, informationURI: "https://glidepath.dev")
            return CommandResult(output: log.serialized(pretty: true), exitCode: exitCode)
        case .text:
            let renderer = DiagnosticRenderer(sources: results.compactMap(\.source), colors: colors)
            var errors = renderer.render(all.sorted)
            if !all.all.isEmpty { errors += DiagnosticRenderer.summary(all) + "\n" }
            return CommandResult(errors: errors, exitCode: exitCode)
        }
    }
}
