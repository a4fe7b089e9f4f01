import Diagnostics
public import Files
import Units
import YAML

/// Which files under a folder are migration specs: YAML files whose document is a mapping with
/// `kind: Migration`, minus the `--exclude` globs. `site`, and the Argo CD plugin through
/// `glidepath specs`, decide the same way. A file that does not parse as YAML but has a
/// `kind: Migration` line counts as a spec, so a broken spec is reported, never skipped.
extension Glidepath {
    public struct DiscoveredSpecs: Sendable, Equatable {
        /// Paths as `folder/relative`, sorted.
        public var specs: [String]
        /// YAML files that are not specs, relative to the folder, sorted.
        public var skipped: [String]
    }

    public static func discoverSpecs(in folder: String, exclude: [String] = [], fileSystem: FileSystem = .live) -> Result<
        DiscoveredSpecs, EnvironmentError
    > {
        guard fileSystem.isDirectory(folder) else { return .failure(.notASpecFolder(folder)) }
        let relative: [String]
        do {
            relative = try fileSystem.files(under: folder).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
        } catch {
            return .failure(.cannotList(folder, reason: error.localizedDescription))
        }
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        let inside = fileSystem.realPath(folder).map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? base
        var found = DiscoveredSpecs(specs: [], skipped: [])
        for path in relative.sorted() where !exclude.contains(where: { Glob.matches($0, path) }) {
            let full = base + path
            // A link out of the folder is not read here: the caller refuses it by name.
            guard fileSystem.realPath(full)?.hasPrefix(inside) ?? false else {
                found.specs.append(full)
                continue
            }
            if isSpec(full, fileSystem: fileSystem) { found.specs.append(full) } else { found.skipped.append(path) }
        }
        return .success(found)
    }

    /// `glidepath specs FOLDER`: the specs, one path per line (nothing when there are none).
    public static func specsCommand(folder: String, exclude: [String], fileSystem: FileSystem = .live) -> CommandResult {
        switch discoverSpecs(in: folder, exclude: exclude, fileSystem: fileSystem) {
        case .success(let found): return CommandResult(output: found.specs.map { $0 + "\n" }.joined())
        case .failure(let failure): return CommandResult(failure: failure)
        }
    }

    static func isSpec(_ path: String, fileSystem: FileSystem) -> Bool {
        guard let bytes = try? fileSystem.readFile(path), bytes.count <= SourceDecoder.maxBytes else { return true }
        var diagnostics = Diagnostics()
        guard let source = SourceDecoder.decode(bytes, path: path, diagnostics: &diagnostics) else { return true }
        guard let root = YAMLLoader.load(source, diagnostics: &diagnostics) else {
            return source.text.split(separator: "\n").contains { line in
                line.hasPrefix("kind:") && line.dropFirst(5).trimming(" \t\r") == "Migration"
            }
        }
        return root["kind"]?.scalar?.text == "Migration"
    }
}

/// Shell-style globs over slash-separated relative paths: `*` and `?` stay within a path
/// segment, `**` crosses them (`drafts/**`, `**/old-*.yaml`).
enum Glob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        match(Array(pattern.unicodeScalars)[...], Array(path.unicodeScalars)[...])
    }

    private static func match(_ pattern: ArraySlice<Unicode.Scalar>, _ text: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        if first == "*" {
            let doubled = pattern.dropFirst().first == "*"
            var rest = pattern.dropFirst(doubled ? 2 : 1)
            if doubled, rest.first == "/" {
                // `**/x` also matches `x` at the top.
                if match(rest.dropFirst(), text) { return true }
            }
            var index = text.startIndex
            while true {
                if match(rest, text[index...]) { return true }
                guard index < text.endIndex, doubled || text[index] != "/" else { return false }
                index += 1
            }
        }
        guard let character = text.first else { return false }
        if first == "?" ? character != "/" : first == character {
            return match(pattern.dropFirst(), text.dropFirst())
        }
        return false
    }
}
