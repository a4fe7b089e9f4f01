import Diagnostics
import Spec
import Units

/// Analysis gates may be stricter than the SLOs, never looser: a gate that passes a canary
/// breaking the SLO would promote it.
enum ThresholdsCheck: Check {
    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics) {
        let spec = context.spec
        let analysis = spec.traffic.analysis
        if let gate = analysis.maxErrorRate, gate.value > spec.slo.maxErrorRate.value {
            diagnostics.append(
                CheckMessages.gateLooserThanSLO(
                    at: gate.range, gate: Percent.text(gate.value), slo: Percent.text(spec.slo.maxErrorRate.value),
                    sloRange: spec.slo.maxErrorRate.range, what: "5xx rate"))
        }
        if let gate = analysis.maxP95 {
            if let slo = spec.slo.p95?.max {
                if gate.value > slo.value {
                    diagnostics.append(
                        CheckMessages.gateLooserThanSLO(
                            at: gate.range, gate: gate.value.description, slo: slo.value.description,
                            sloRange: slo.range, what: "p95 latency"))
                }
            } else {
                diagnostics.append(CheckMessages.gateWithoutSLO(gate.range, what: "p95 latency", sloField: "slo.latency.p95.max"))
            }
        }
        if spec.slo.maxErrorRate.value == 0 {
            diagnostics.append(CheckMessages.zeroErrorBudget(spec.slo.maxErrorRate.range))
        }
    }
}
