public import Spec

/// Everything later stages need, derived once from a checked spec.
public struct MigrationPlan: Sendable {
    public var spec: MigrationSpec
    public var names: Names
    public var timeline: Timeline

    public init(_ spec: MigrationSpec) {
        self.spec = spec
        names = Names(spec)
        timeline = Timeline(spec)
    }
}
