import Diagnostics
public import Files
import ParallelWork
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
        /// Paths (among `specs`) that resolve outside the folder: never read here; callers refuse them.
        public var outside: [String] = []
        /// The bytes read to tell each spec from other YAML, by path: a caller that reads the
        /// specs next (`site`) takes them from here instead of reading every file twice.
        /// Missing for a spec that could not be read (the caller reports it when it tries).
        public var contents: [String: [UInt8]] = [:]
    }

    public static func discoverSpecs(in folder: String, exclude: [String] = [], fileSystem: FileSystem = .live) -> Result<
        DiscoveredSpecs, EnvironmentError
    > {
        guard fileSystem.isDirectory(folder) else { return .failure(.notASpecFolder(folder)) }
        let walked: [FileSystem.WalkedFile]
        do {
            walked = try fileSystem.walk(under: folder).filter { $0.path.hasSuffix(".yaml") || $0.path.hasSuffix(".yml") }
        } catch {
            return .failure(.cannotList(folder, reason: error.localizedDescription))
        }
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        let inside = fileSystem.realPath(folder).map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? base
        let candidates = walked.filter { file in !exclude.contains(where: { Glob.matches($0, file.path) }) }
        // Each file is resolved and read on its own, on every core.
        let kinds = Parallel.map(candidates) { file -> DiscoveredKind in
            let full = base + file.path
            // A link out of the folder is not read here: the caller refuses it by name. A file
            // the walk reached through real folders is inside by construction.
            if file.isLink, !(fileSystem.realPath(full)?.hasPrefix(inside) ?? false) { return .outside }
            return classify(full, fileSystem: fileSystem)
        }
        var found = DiscoveredSpecs(specs: [], skipped: [])
        for (file, kind) in zip(candidates, kinds) {
            let full = base + file.path
            switch kind {
            case .spec(let bytes):
                found.specs.append(full)
                found.contents[full] = bytes
            case .outside:
                found.specs.append(full)
                found.outside.append(full)
            case .other: found.skipped.append(file.path)
            }
        }
        return .success(found)
    }

    private enum DiscoveredKind {
        case spec([UInt8]?)
        case other, outside
    }

    /// A spec (with its bytes when they could be read: one that cannot is a spec, so that it is
    /// reported, never skipped), or other YAML.
    private static func classify(_ path: String, fileSystem: FileSystem) -> DiscoveredKind {
        guard let bytes = try? fileSystem.readFile(path), bytes.count <= SourceDecoder.maxBytes else { return .spec(nil) }
        return isSpec(bytes, path: path) ? .spec(bytes) : .other
    }

    /// `glidepath specs FOLDER`: the specs, one path per line (nothing when there are none).
    public static func specsCommand(folder: String, exclude: [String], fileSystem: FileSystem = .live) -> CommandResult {
        switch discoverSpecs(in: folder, exclude: exclude, fileSystem: fileSystem) {
        case .success(let found): return CommandResult(output: found.specs.map { $0 + "\n" }.joined())
        case .failure(let failure): return CommandResult(failure: failure)
        }
    }

    /// Whether a readable file's bytes are a spec's.
    static func isSpec(_ bytes: [UInt8], path: String) -> Bool {
        // Nearly every file says what it is on a top-level `kind:` line; only the rest are
        // parsed here, so a site does not parse each spec twice.
        if let kind = topLevelKind(bytes) { return kind == "Migration" }
        var diagnostics = Diagnostics()
        guard let source = SourceDecoder.decode(bytes, path: path, diagnostics: &diagnostics) else { return true }
        guard let root = YAMLLoader.load(source, diagnostics: &diagnostics) else {
            return source.text.split(separator: "\n").contains { line in
                line.hasPrefix("kind:") && line.dropFirst(5).trimming(" \t\r") == "Migration"
            }
        }
        return root["kind"]?.scalar?.text == "Migration"
    }

    /// The value of a `kind:` key at column 0, when it is a plain word (quoted or not, a comment
    /// after it allowed): in block YAML a line at column 0 can only be a key of the top-level
    /// mapping. `Migration` when any such line says so (a broken spec is still a spec); nil when
    /// no line decides, or one is not a plain word (an anchor, a tag, a flow mapping).
    static func topLevelKind(_ bytes: [UInt8]) -> String? {
        var found: String?
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
            guard line.count > 5, line.starts(with: "kind:".utf8) else { continue }
            var value = line.dropFirst(5)
            if let hash = value.firstIndex(of: 0x23), hash > value.startIndex, value[value.index(before: hash)] == 0x20 {
                value = value[..<hash]
            }
            while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
            while let last = value.last, last == 0x20 || last == 0x09 || last == 0x0D { value = value.dropLast() }
            if value.count >= 2, let first = value.first, first == 0x22 || first == 0x27, value.last == first {
                value = value.dropFirst().dropLast()
            }
            let word = value.allSatisfy { byte in
                (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x5F
            }
            guard word, !value.isEmpty else { return nil }
            let kind = String(decoding: value, as: UTF8.self)
            if kind == "Migration" { return kind }
            found = kind
        }
        return found
    }
}

/// Shell-style globs over slash-separated relative paths: `*` and `?` stay within a path
/// segment, `**` crosses them (`drafts/**`, `**/old-*.yaml`).
enum Glob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        var matcher = Matcher(pattern: Array(pattern.unicodeScalars), text: Array(path.unicodeScalars))
        return matcher.match(0, 0)
    }

    /// Memoised on (pattern position, text position), so a pattern of many `*` from the
    /// command line costs at most pattern length times path length steps.
    private struct Matcher {
        let pattern: [Unicode.Scalar]
        let text: [Unicode.Scalar]
        var known: [Int: Bool] = [:]

        mutating func match(_ p: Int, _ t: Int) -> Bool {
            let key = p * (text.count + 1) + t
            if let answer = known[key] { return answer }
            let answer = compute(p, t)
            known[key] = answer
            return answer
        }

        private mutating func compute(_ p: Int, _ t: Int) -> Bool {
            guard p < pattern.count else { return t == text.count }
            if pattern[p] == "*" {
                let doubled = p + 1 < pattern.count && pattern[p + 1] == "*"
                let rest = p + (doubled ? 2 : 1)
                // `**/x` also matches `x` at the top.
                if doubled, rest < pattern.count, pattern[rest] == "/", match(rest + 1, t) { return true }
                var index = t
                while true {
                    if match(rest, index) { return true }
                    guard index < text.count, doubled || text[index] != "/" else { return false }
                    index += 1
                }
            }
            guard t < text.count else { return false }
            let fits = pattern[p] == "?" ? text[t] != "/" : pattern[p] == text[t]
            return fits && match(p + 1, t + 1)
        }
    }
}
