public import Diagnostics
public import Plan
public import Spec

/// The semantic checks, run after decoding succeeded. Each concern is one `Check` in its own
/// file; all of them run, so a user sees every problem at once.
public enum SpecChecker {
    static let checks: [any Check.Type] = [
        StepsCheck.self, ThresholdsCheck.self, NamesCheck.self, StatisticalPowerCheck.self,
        MirrorSafetyCheck.self, RoutingConsistencyCheck.self, AnalysisTemplateCheck.self, CircuitBreakerCheck.self, RollbackCheck.self,
        DataPlanCheck.self, SQLSafetyCheck.self,
    ]

    public static func check(_ plan: MigrationPlan, source: SourceFile?, diagnostics: inout Diagnostics) {
        let context = CheckContext(plan: plan, source: source)
        for check in checks {
            check.run(context, into: &diagnostics)
        }
    }
}

/// What a check sees: the plan (spec, derived names, timeline) and the source text, for
/// pointing inside a multi-line value.
struct CheckContext {
    var plan: MigrationPlan
    var source: SourceFile?
    var spec: MigrationSpec { plan.spec }
}

protocol Check {
    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics)
}

/// Formatting shared by the messages: percentages and durations as a person writes them.
enum Format {
    static func percent(_ value: Double) -> String {
        JSONValue.number((value * 10_000).rounded() / 10_000).serialized() + "%"
    }
}
