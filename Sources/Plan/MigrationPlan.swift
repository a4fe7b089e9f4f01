public import Spec

/// Everything later stages need, derived once from a checked spec.
public struct MigrationPlan: Sendable {
    public var spec: MigrationSpec
    public var names: Names
    public var timeline: Timeline
    /// The SQL phases, when the spec has a data plan.
    public var dataPhases: DataPhases?
    /// What the analysis gates and the background watch measure.
    public var analysisMetrics: [AnalysisMetric]

    public init(_ spec: MigrationSpec) {
        self.spec = spec
        names = Names(spec)
        timeline = Timeline(spec)
        dataPhases = DataPhases(spec)
        analysisMetrics = AnalysisMetric.all(spec)
    }
}
