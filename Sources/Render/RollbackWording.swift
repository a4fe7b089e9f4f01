public import Plan
import Units

/// When Argo Rollouts rolls back, in words that describe what the generated templates do
/// (the query window, the interval, the failure limit, the background watch over the whole
/// rollout), and what the plan warns of. The runbook's summary and `glidepath plan` say the same.
public enum RollbackWording {
    /// `Roll back if 5xx > 0.3% or p95 > 250ms. Argo Rollouts measures ... Worst case ...`.
    public static func criterion(_ plan: CheckedPlan) -> String {
        let slo = plan.objectives
        var breaches = ["5xx > \(Percent.text(plan.analysis.gateMaxErrorRate ?? slo.maxErrorRate))"]
        for bound in slo.latency {
            let name = AnalysisMetric.quantileName(bound.quantile)
            var conditions: [String] = []
            if let max = bound.max { conditions.append("\(name) > \(max)") }
            if let increase = bound.maxIncrease { conditions.append("\(name) more than \(Percent.text(increase)) above stable") }
            if !conditions.isEmpty { breaches.append(conditions.joined(separator: " or ")) }
        }
        for metric in plan.analysis.metrics {
            if case .custom = metric.kind { breaches.append("\(metric.name) fails its condition") }
        }
        let last = breaches.removeLast()
        let analysis = plan.analysis
        let failed = analysis.failureLimit + 1
        let measurements = failed == 1 ? "1 failed measurement" : "\(failed) failed measurements"
        var text = "Roll back if " + (breaches.isEmpty ? last : breaches.joined(separator: ", ") + ", or " + last) + ". "
        text += "Argo Rollouts measures each over the last \(analysis.window) every \(analysis.interval) and aborts after \(measurements)"
        text += ": within one gate's \(analysis.count) measurements"
        text +=
            analysis.background
            ? ", or at any time during the whole rollout for the background watch (they need not be in a row)." : "."
        text += " Worst case from the start of a breach to traffic on stable: \(plan.rollout.breachToStable.spoken)."
        return text
    }

    public static func concern(_ concern: Concern) -> String {
        switch concern {
        case .rollbackSlowerThanTarget(let worstCase, let target):
            "Rollback is slower than its target: \(worstCase.spoken) in the worst case from a breach to stable, against \(target.spoken)."
        case .unmeasuredObjective(let name, let value):
            "\(name.prefix(1).uppercased() + name.dropFirst()) (\(Percent.text(value))) is not measured by any gate or alert: watch it on the SLO's own dashboard."
        case .criticalWithoutHolds:
            "A critical service with no hold point: no person decides at any step of the rollout."
        case .noEarlierVersion:
            "No earlier version is named (workload.from): the first sync creates the Rollout at 100% without steps, and the way back cannot name a version."
        }
    }
}
