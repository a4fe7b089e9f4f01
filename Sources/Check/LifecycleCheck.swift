import Diagnostics
import Plan
import Spec
import Units

/// The migration as a sequence of events: the first sync must not skip the canary, the way
/// back must name a version that exists, the query window must be one Prometheus parses and
/// sees samples in, and what a person should know before the cutover is said.
enum LifecycleCheck: Check {
    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics) {
        let spec = context.spec
        let workload = spec.workload
        if let stage = workload.stage {
            // The baseline is a pure function of the workload section, as the Planner derives it.
            switch Planner.baseline(workload) {
            case .deployment: diagnostics.append(CheckMessages.stageWithDeployment(stage))
            case .none where stage.value == .baseline: diagnostics.append(CheckMessages.baselineWithoutFrom(stage))
            default: break
            }
        }
        if let from = workload.from, workload.template != nil, workload.legacy == nil, !Planner.isImageReference(from.value) {
            diagnostics.append(CheckMessages.fromNotAnImage(from))
        }
        if let legacy = workload.legacy, workload.template == nil {
            diagnostics.append(CheckMessages.legacyWithoutTemplate(legacy.range))
        }
        if workload.legacy != nil {
            for bound in [spec.slo.p95, spec.slo.p99].compactMap({ $0 }) {
                guard let increase = bound.maxIncrease else { continue }
                diagnostics.append(CheckMessages.increaseOverBridge(increase.isDefault ? bound.range : increase.range))
            }
        }
        let window = spec.traffic.analysis.window
        if window.value < .seconds(1) {
            diagnostics.append(CheckMessages.windowTooShort(window))
        } else if window.value < spec.prometheus.scrapeInterval * 2 {
            diagnostics.append(CheckMessages.windowUnderTwoScrapes(window, scrape: spec.prometheus.scrapeInterval))
        }
    }
}

/// What the plan says a person should know before the cutover.
enum LifecyclePlanCheck: PlanCheck {
    static func run(_ context: PlanCheckContext, into diagnostics: inout Diagnostics) {
        let spec = context.spec
        for concern in context.plan.concerns {
            switch concern {
            case .unmeasuredObjective(let name, _) where name == "availability" && !spec.slo.availability.isDefault:
                diagnostics.append(CheckMessages.unmeasuredObjective(spec.slo.availability))
            case .criticalWithoutHolds:
                diagnostics.append(CheckMessages.criticalWithoutHolds(spec.metadata.critical.range))
            case .noEarlierVersion:
                diagnostics.append(CheckMessages.noEarlierVersion(spec.workload.from?.range ?? spec.workload.replicas.range))
            default:
                break
            }
        }
    }
}

extension LifecycleCheck {
    /// The first publish of a migration must not create its Rollout at the new version: Argo
    /// Rollouts would put it at 100% with no steps and no analysis. `published` names the
    /// migrations the GitOps repository already holds.
    static func firstPublish(_ spec: MigrationSpec, plan: CheckedPlan, published: Set<String>) -> Diagnostic? {
        guard plan.workload.changesVersionThroughCanary, !published.contains(plan.names.migration) else { return nil }
        return CheckMessages.firstPublishSkipsCanary(
            spec.workload.stage?.range ?? spec.workload.replicas.range, migration: plan.names.migration,
            baseline: plan.workload.baseline, image: plan.workload.template?.image ?? "")
    }
}
