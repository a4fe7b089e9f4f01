import Diagnostics
import Spec
import Units

/// A 5xx gate means something only if one analysis window holds enough requests: when a
/// single error is already above the threshold, the gate either aborts a healthy canary on
/// one unlucky request or passes a broken one that happened to get no traffic. From the
/// traffic profile, find the gated steps where that is so, and say what to lengthen.
enum StatisticalPowerCheck: Check {
    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics) {
        let spec = context.spec
        guard let profile = spec.profile, profile.peakRPS.value > 0 else { return }
        let analysis = spec.traffic.analysis
        let threshold = (analysis.maxErrorRate?.value ?? spec.slo.maxErrorRate.value) / 100
        guard threshold > 0 else { return }
        // The fewest requests for which one error stays within the threshold.
        let needed = (1 / threshold).rounded(.up)
        let window = analysis.window.value.seconds
        let gated = spec.traffic.steps.filter { analysis.background || $0.analysis }
        for step in gated {
            let rate = profile.peakRPS.value * Double(step.weight.value) / 100
            let requests = rate * window
            guard requests < needed else { continue }
            let windowNeeded = TimeSpan(milliseconds: Int(saturating: (needed / rate * 1000).rounded(.up)))
            let weightNeeded = Int(saturating: (needed / (profile.peakRPS.value * window) * 100).rounded(.up))
            diagnostics.append(
                CheckMessages.lowStatisticalPower(
                    step: step.weight, requests: Int(saturating: requests.rounded(.down)), window: analysis.window.value,
                    rps: profile.peakRPS.value, threshold: threshold, oneError: requests > 0 ? 1 / requests : 1,
                    windowNeeded: roundUpToMinute(windowNeeded), weightNeeded: weightNeeded))
        }
    }

    private static func roundUpToMinute(_ span: TimeSpan) -> TimeSpan {
        let minute = 60_000
        let (padded, overflow) = span.milliseconds.addingReportingOverflow(minute - 1)
        return overflow ? span : TimeSpan(milliseconds: padded / minute * minute)
    }
}
