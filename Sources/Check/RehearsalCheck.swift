import Diagnostics
import Spec
import Units

/// A rehearsal needs a rate to hold (the profile's peak), a place to send it (its target or the
/// mirror's host) that can take it, and a latency to hold it to.
enum RehearsalCheck: Check {
    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics) {
        let spec = context.spec
        guard let rehearsal = spec.rehearsal else { return }
        guard let peak = spec.profile?.peakRPS, peak.value > 0 else {
            diagnostics.append(CheckMessages.rehearsalWithoutPeak(rehearsal.range))
            return
        }
        if let capacity = rehearsal.capacity, peak.value > capacity.value {
            diagnostics.append(CheckMessages.rehearsalOverCapacity(capacity, peak: peak.value))
        }
        if rehearsal.target == nil, spec.traffic.mirror == nil {
            diagnostics.append(CheckMessages.rehearsalWithoutTarget(rehearsal.range))
        }
        if spec.profile?.p95 == nil, spec.slo.p95?.max == nil {
            diagnostics.append(CheckMessages.rehearsalWithoutLatencyBar(rehearsal.range))
        }
        for endpoint in rehearsal.endpoints where !endpoint.path.value.hasPrefix("/") {
            diagnostics.append(CheckMessages.rehearsalPathNotAbsolute(endpoint.path))
        }
        if !rehearsal.endpoints.isEmpty, rehearsal.endpoints.allSatisfy({ $0.weight.value <= 0 }) {
            diagnostics.append(CheckMessages.rehearsalWithoutWeight(rehearsal.endpoints[0].weight))
        }
    }
}
