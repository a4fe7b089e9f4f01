public import Diagnostics
import YAML

/// The front end's entry point: bytes of one file -> source text -> YAML nodes -> checked
/// fields -> `MigrationSpec`. Pure: the caller reads the file and owns the diagnostics.
public enum SpecReader {
    public struct Result: Sendable {
        /// The decoded text, for quoting source lines in diagnostics; nil when the file is not
        /// text, or not a spec at all (a path can point anywhere, credentials files included,
        /// and glidepath quotes lines only from files that are specs).
        public var source: SourceFile?
        /// The model, present only when the file decoded without errors.
        public var spec: MigrationSpec?
    }

    public static func read(bytes: [UInt8], path: String, diagnostics: inout Diagnostics) -> Result {
        guard let source = SourceDecoder.decode(bytes, path: path, diagnostics: &diagnostics) else {
            return Result(source: nil, spec: nil)
        }
        var local = Diagnostics()
        let root = YAMLLoader.load(source, diagnostics: &local)
        guard isSpec(root) || announcesSpec(source.text) else {
            diagnostics.append(SpecMessages.notASpec(path: path))
            return Result(source: nil, spec: nil)
        }
        defer { diagnostics.append(contentsOf: local) }
        guard let root, let object = SpecDecoder.decode(root, diagnostics: &local), !local.hasErrors else {
            return Result(source: source, spec: nil)
        }
        return Result(source: source, spec: MigrationSpec(path: path, root: object))
    }

    /// A YAML mapping of `kind: Migration`.
    static func isSpec(_ root: YAMLNode?) -> Bool {
        root?["kind"]?.scalar?.text == Language.kind
    }

    /// A file that says it is a spec (an `apiVersion: glidepath.dev/...` or `kind: Migration`
    /// line) even when its YAML does not load or its top level is not a mapping: its mistakes are reported in
    /// full, with the lines they are on.
    static func announcesSpec(_ text: String) -> Bool {
        text.split(separator: "\n", omittingEmptySubsequences: true).contains { line in
            var trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            while let first = trimmed.first, first == " " || first == "-" { trimmed = trimmed.dropFirst() }
            return trimmed.hasPrefix("apiVersion: glidepath.dev/") || trimmed.hasPrefix("apiVersion: \"glidepath.dev/")
                || trimmed.hasPrefix("apiVersion: 'glidepath.dev/") || trimmed.hasPrefix("kind: Migration")
                || trimmed.hasPrefix("kind: \"Migration\"") || trimmed.hasPrefix("kind: 'Migration'")
        }
    }
}
