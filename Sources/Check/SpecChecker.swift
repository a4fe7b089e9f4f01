public import Diagnostics
public import Plan
public import Spec

/// The semantic checks, run after decoding succeeded, and the one way to obtain a checked
/// plan. Each concern is one `Check` in its own file; all of them run, so a user sees every
/// problem at once.
public enum SpecChecker {
    /// The checks of the spec as written, names included (they are a pure function of it).
    static var checks: [any Check.Type] {
        [
            StepsCheck.self, ThresholdsCheck.self, NamesCheck.self, StatisticalPowerCheck.self,
            MirrorSafetyCheck.self, RoutingConsistencyCheck.self, AnalysisTemplateCheck.self, CircuitBreakerCheck.self,
            RollbackCheck.self, FlagsCheck.self, DataPlanCheck.self, SQLSafetyCheck.self, HostsCheck.self, LifecycleCheck.self,
            MoveCheck.self, RehearsalCheck.self,
        ]
    }

    /// The checks of what the Planner derived: the data seen at every event and way back, the
    /// time a rollback takes, what a person should know before the cutover.
    static var planChecks: [any PlanCheck.Type] {
        [DataFlowCheck.self, DataScheduleCheck.self, RollbackTimingCheck.self, LifecyclePlanCheck.self]
    }

    /// Checks a decoded spec and derives its plan. Every spec check runs first, so a user sees
    /// every problem at once; only a spec they pass is planned (the Planner trusts its values);
    /// the plan checks then judge the derived facts. The plan is handed out only when neither
    /// found an error; `origin` names the spec as the caller wants every output to name it.
    /// `published`: for a publish, the migrations the GitOps repository already holds (a new one
    /// must start at its baseline); nil for commands that write no repository.
    public static func check(
        _ spec: MigrationSpec, origin: SpecOrigin, source: SourceFile?, published: Set<String>? = nil, diagnostics: inout Diagnostics
    ) -> CheckedPlan? {
        var found = Diagnostics()
        let context = CheckContext(spec: spec, names: Planner.names(spec), source: source)
        for check in checks {
            check.run(context, into: &found)
        }
        guard !found.hasErrors else {
            diagnostics.append(contentsOf: found)
            return nil
        }
        let plan = Planner.plan(spec, origin: origin)
        let planContext = PlanCheckContext(spec: spec, plan: plan, source: source)
        for check in planChecks {
            check.run(planContext, into: &found)
        }
        if let published, let refusal = LifecycleCheck.firstPublish(spec, plan: plan, published: published) {
            found.append(refusal)
        }
        diagnostics.append(contentsOf: found)
        return found.hasErrors ? nil : plan
    }
}

/// What a spec check sees: the spec with its locations, the names derived from it, and the
/// source text, for pointing inside a multi-line value.
struct CheckContext {
    var spec: MigrationSpec
    var names: Names
    var source: SourceFile?
}

protocol Check {
    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics)
}

/// What a plan check sees: the spec, for locations, and the plan derived from it.
struct PlanCheckContext {
    var spec: MigrationSpec
    var plan: CheckedPlan
    var source: SourceFile?
}

protocol PlanCheck {
    static func run(_ context: PlanCheckContext, into diagnostics: inout Diagnostics)
}
