public import Diagnostics
import YAML

/// The front end's entry point: bytes of one file -> source text -> YAML nodes -> checked
/// fields -> `MigrationSpec`. Pure: the caller reads the file and owns the diagnostics.
public enum SpecReader {
    public struct Result: Sendable {
        /// The decoded text, for quoting source lines in diagnostics (nil if not text at all).
        public var source: SourceFile?
        /// The model, present only when the file decoded without errors.
        public var spec: MigrationSpec?
    }

    public static func read(bytes: [UInt8], path: String, diagnostics: inout Diagnostics) -> Result {
        guard let source = SourceDecoder.decode(bytes, path: path, diagnostics: &diagnostics) else {
            return Result(source: nil, spec: nil)
        }
        var local = Diagnostics()
        defer { diagnostics.append(contentsOf: local) }
        guard let root = YAMLLoader.load(source, diagnostics: &local),
            let object = SpecDecoder.decode(root, diagnostics: &local), !local.hasErrors
        else { return Result(source: source, spec: nil) }
        return Result(source: source, spec: MigrationSpec(path: path, root: object))
    }
}
