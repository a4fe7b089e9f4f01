import Files
internal import Mustache

/// The runbook's templates and assets: the built-in set (embedded from templates/ at build
/// time), with any files a team supplies through `--templates DIR` replacing the built-in
/// file of the same path. The only file that sees the template engine.
public struct RunbookTemplates: Sendable {
    /// Paths relative to the templates folder: `*.mustache` templates and partials, `assets/*`.
    public private(set) var files: [String: String]
    /// Where each overriding file came from, for error messages.
    private var origins: [String: String]
    /// Parsed once, when the set is made: a site or a publish renders many runbooks with it.
    private let parsed: Result<Compiled, RenderError>

    private init(files: [String: String], origins: [String: String]) {
        self.files = files
        self.origins = origins
        parsed = Self.compile(files, origins: origins)
    }

    public static let builtIn = RunbookTemplates(
        files: Dictionary(DefaultTemplates.files.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first }), origins: [:])

    /// The templates with some files replaced; `origin` names each file in error messages.
    public func overriding(with replacements: [(path: String, contents: String, origin: String)]) -> RunbookTemplates {
        var files = self.files
        var origins = self.origins
        for replacement in replacements {
            files[replacement.path] = replacement.contents
            origins[replacement.path] = replacement.origin
        }
        return RunbookTemplates(files: files, origins: origins)
    }

    /// Whether a path inside a templates folder is a file glidepath reads.
    public static func isTemplateFile(_ path: String) -> Bool {
        path.hasSuffix(".mustache") || path.hasPrefix(assetsFolder + "/")
    }

    static let assetsFolder = "assets"

    /// The shared assets, as artifacts under `assets/`.
    var assets: [Artifact] {
        files.filter { $0.key.hasPrefix(Self.assetsFolder + "/") }
            .sorted { $0.key < $1.key }
            .map { Artifact(path: $0.key, contents: $0.value) }
    }

    /// Every template, parsed; a syntax error in any of them is reported with its place.
    func compiled() throws(RenderError) -> Compiled {
        try parsed.get()
    }

    private static func compile(_ files: [String: String], origins: [String: String]) -> Result<Compiled, RenderError> {
        var library = MustacheLibrary()
        for (path, text) in files.sorted(by: { $0.key < $1.key }) where path.hasSuffix(".mustache") {
            do {
                library.register(try MustacheTemplate(string: text), named: String(path.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                let place = "\(origins[path] ?? "templates/" + path):\(error.context.lineNumber):\(error.context.columnNumber)"
                return .failure(RenderError(message: "\(place): template error: \(error.error)"))
            } catch {
                return .failure(RenderError(message: "\(origins[path] ?? path): template error: \(error)"))
            }
        }
        return .success(Compiled(library: library))
    }

    struct Compiled: Sendable {
        let library: MustacheLibrary

        func render(_ name: String, _ value: Any) throws(RenderError) -> String {
            guard let text = library.render(value, withTemplate: name) else {
                throw RenderError(message: "the templates have no '\(name).mustache'")
            }
            return text
        }
    }
}
