public import Plan
import Units

/// The rehearsal in words: what the load test sends, what makes it fail, and where the gate is.
public enum RehearsalWording {
    /// `p95 under 198ms (production's 180ms plus 10%), under 0.1% of requests failing`.
    public static func thresholds(_ rehearsal: RehearsalPlan) -> String {
        var parts: [String] = []
        if let p95 = rehearsal.p95 {
            switch rehearsal.latencyBar {
            case .baselinePlusTenPercent(let baseline)?: parts.append("p95 under \(p95) (production's \(baseline) plus 10%)")
            default: parts.append("p95 under \(p95) (the SLO's bound)")
            }
        }
        parts.append("under \(Percent.text(rehearsal.maxErrorRate)) of requests failing")
        return parts.joined(separator: ", ") + "; k6 exits 99 when either is missed"
    }

    static func rows(_ rehearsal: RehearsalPlan, in plan: CheckedPlan) -> [Row] {
        let requests = rehearsal.scenarios.map { "\($0.method) \($0.path) at \($0.perMinute)/min" }.joined(separator: ", ")
        let gate: String =
            switch rehearsal.gate {
            case .beforeRollout:
                "AnalysisTemplate \(plan.names.rehearsalTemplate) runs it before the first weight: a failed rehearsal stops the rollout"
            case .firstStep:
                "AnalysisTemplate \(plan.names.rehearsalTemplate) runs it right after the first weight: a failed rehearsal aborts the rollout"
            case .none: "none: the rollout does not wait for it"
            }
        var rows = [
            Row(
                label: "Load test",
                value:
                    "\(RehearsalPlan.script) (k6), \(PlainDecimal.text(rehearsal.requestsPerSecond)) requests/s for \(rehearsal.duration), about \(rehearsal.expectedRequests) requests"
            ),
            Row(label: "Requests", value: requests),
            Row(label: "Passes with", value: thresholds(rehearsal)),
            Row(label: "Against", value: rehearsal.target),
            Row(label: "Gate", value: gate),
            Row(
                label: "Left to the team",
                value: "authentication (add the headers the staging copy needs) and test data (the paths must exist there)"),
        ]
        if let application = rehearsal.application {
            rows.append(
                Row(
                    label: "Staging copy",
                    value:
                        "Argo CD Application \(plan.names.stagingApplication) (rehearsal/application.yaml): \(application.repoURL) \(application.path) into namespace \(application.namespace)"
                ))
        }
        return rows
    }
}
