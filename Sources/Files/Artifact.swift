/// One generated file, in memory: a path relative to the output folder and its bytes.
/// Generators return artifacts; only the publish stage writes them.
public struct Artifact: Sendable, Equatable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
