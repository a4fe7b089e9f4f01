public import Diagnostics
public import Plan
public import Spec

/// The semantic checks, run after decoding succeeded, and the one way to obtain a checked
/// plan. Each concern is one `Check` in its own file; all of them run, so a user sees every
/// problem at once.
public enum SpecChecker {
    static var checks: [any Check.Type] {
        [
            StepsCheck.self, ThresholdsCheck.self, NamesCheck.self, StatisticalPowerCheck.self,
            MirrorSafetyCheck.self, RoutingConsistencyCheck.self, AnalysisTemplateCheck.self, CircuitBreakerCheck.self,
            RollbackCheck.self, FlagsCheck.self, DataPlanCheck.self, SQLSafetyCheck.self, HostsCheck.self, LifecycleCheck.self,
            DataFlowCheck.self, MoveCheck.self, RehearsalCheck.self,
        ]
    }

    /// Checks a decoded spec and derives its plan. The plan is handed out only when no check
    /// found an error; `origin` names the spec as the caller wants every output to name it.
    /// `published`: for a publish, the migrations the GitOps repository already holds (a new one
    /// must start at its baseline); nil for commands that write no repository.
    public static func check(
        _ spec: MigrationSpec, origin: SpecOrigin, source: SourceFile?, published: Set<String>? = nil, diagnostics: inout Diagnostics
    ) -> CheckedPlan? {
        let plan = Planner.plan(spec, origin: origin)
        var found = Diagnostics()
        let context = CheckContext(spec: spec, plan: plan, source: source)
        for check in checks {
            check.run(context, into: &found)
        }
        if let published, let refusal = LifecycleCheck.firstPublish(spec, plan: plan, published: published) {
            found.append(refusal)
        }
        diagnostics.append(contentsOf: found)
        return found.hasErrors ? nil : plan
    }
}

/// What a check sees: the spec with its locations, the facts derived from it (names, timing),
/// and the source text, for pointing inside a multi-line value.
struct CheckContext {
    var spec: MigrationSpec
    var plan: CheckedPlan
    var source: SourceFile?
}

protocol Check {
    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics)
}
