public import Publish
public import Render

/// What went wrong outside the spec: a file that cannot be read, a folder that is not what
/// the command needs, a render or a publish that failed. Rendered here, in one place, and
/// always exit 2 (a publish refusing to clobber someone's work is exit 1).
public enum EnvironmentError: Error, Sendable, CustomStringConvertible {
    case noSuchFile(String)
    case isAFolder(String)
    case cannotRead(String, reason: String)
    case notASpecFolder(String)
    case cannotList(String, reason: String)
    case notATemplatesFolder(String)
    case templateNotText(String)
    case noTemplates(String)
    case cannotReadTemplates(String, reason: String)
    case invalidArgument(String)
    /// A spec whose bytes changed between its check and its render.
    case changedDuringBuild(String)
    case render(RenderError)
    case publish(PublishError)

    public var description: String {
        switch self {
        case .noSuchFile(let path): "\(path): no such file"
        case .isAFolder(let path): "\(path): is a folder, not a spec file"
        case .cannotRead(let path, let reason): "\(path): cannot read: \(reason)"
        case .notASpecFolder(let path): "\(path): not a folder of specs"
        case .cannotList(let path, let reason): "\(path): cannot list: \(reason)"
        case .notATemplatesFolder(let path): "\(path): not a templates folder (--templates)"
        case .templateNotText(let path): "\(path): not UTF-8 text"
        case .noTemplates(let path): "\(path): holds no *.mustache templates or assets/ files (--templates)"
        case .cannotReadTemplates(let path, let reason): "\(path): cannot read templates: \(reason)"
        case .invalidArgument(let message): message
        case .changedDuringBuild(let path): "\(path): changed while the site was built; run the command again"
        case .render(let error): error.description
        case .publish(let error): error.description
        }
    }

    var exitCode: Int32 {
        if case .publish(let error) = self, error.isRefusal { return CommandResult.specErrors }
        return CommandResult.environmentError
    }
}

extension EnvironmentError {
    /// Runs a render step, its failure as an environment error.
    static func rendering<Value>(_ body: () throws(RenderError) -> Value) throws(EnvironmentError) -> Value {
        do { return try body() } catch { throw .render(error) }
    }

    /// Runs a write or publish step, its failure as an environment error.
    static func publishing<Value>(_ body: () throws(PublishError) -> Value) throws(EnvironmentError) -> Value {
        do { return try body() } catch { throw .publish(error) }
    }
}
