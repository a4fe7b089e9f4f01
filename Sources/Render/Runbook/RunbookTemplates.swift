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

    /// Every template, ready to render; a syntax error in any of them is reported with its place.
    func compiled() throws(RenderError) -> Compiled {
        try parsed.get()
    }

    /// The built-in set renders through the Swift the build generated from it
    /// (`CompiledTemplates`); once a team replaces any template, every page goes through the
    /// template engine, which parses the whole set here.
    private static func compile(_ files: [String: String], origins: [String: String]) -> Result<Compiled, RenderError> {
        guard origins.keys.contains(where: { $0.hasSuffix(".mustache") }) else { return .success(Compiled(library: nil)) }
        var library = MustacheLibrary()
        let pragma = ByteEscapedHTML.pragma
        for (path, text) in files.sorted(by: { $0.key < $1.key }) where path.hasSuffix(".mustache") {
            do {
                library.register(try MustacheTemplate(string: pragma + text), named: String(path.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                // The pragma takes a line of its own above the file's first.
                let place = "\(origins[path] ?? "templates/" + path):\(error.context.lineNumber - 1):\(error.context.columnNumber)"
                return .failure(RenderError(message: "\(place): template error: \(error.error)"))
            } catch {
                return .failure(RenderError(message: "\(origins[path] ?? path): template error: \(error)"))
            }
        }
        return .success(Compiled(library: library))
    }

    struct Compiled: Sendable {
        /// The engine's parsed templates when a team supplied some; nil for the built-in set.
        let library: MustacheLibrary?

        func runbook(_ page: RunbookPage) throws(RenderError) -> String {
            guard let library else { return CompiledTemplates.runbook(page) }
            return try Self.render("runbook", page, library)
        }

        func index(_ page: IndexPage) throws(RenderError) -> String {
            guard let library else { return CompiledTemplates.index(page) }
            return try Self.render("index", page, library)
        }

        private static func render(_ name: String, _ value: Any, _ library: MustacheLibrary) throws(RenderError) -> String {
            guard let text = library.render(value, withTemplate: name) else {
                throw RenderError(message: "the templates have no '\(name).mustache'")
            }
            return text
        }
    }
}

/// HTML escaping a byte at a time, as the compiled templates escape (`PageOutput.escaped`):
/// the same five characters as the engine's own escaping, which walks `Character`s through a
/// dictionary. Every template gets it through a pragma on a line of its own, which Mustache
/// drops as a standalone tag; partials start again from the engine's default, so each file
/// carries it. A team's template that sets another content type still wins after that line.
struct ByteEscapedHTML: MustacheContentType {
    static let name = "GLIDEPATH_HTML"

    /// Registered with the engine once, the first time a template set is compiled.
    static let pragma: String = {
        MustacheContentTypes.register(ByteEscapedHTML(), named: name)
        return "{{% CONTENT_TYPE: \(name) }}\n"
    }()

    func escapeText(_ text: String) -> String {
        Self.escape(text)
    }

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: PageOutput.needsEscape) else { return text }
        var out = PageOutput(capacity: text.utf8.count + 32)
        out.escaped(text)
        return out.string
    }
}
