/// A generator could not serialise its output (a libyaml emitter failure): a bug, reported as
/// an I/O-class error rather than a crash.
public struct RenderError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
