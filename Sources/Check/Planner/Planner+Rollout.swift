import Plan
import Spec
import Units

extension Planner {
    /// The canary steps with their times, gates and holds, and the worst-case timing of a breach.
    static func rollout(_ spec: MigrationSpec, analysis: AnalysisPlan) -> RolloutPlan {
        let holds = Dictionary(spec.traffic.holdPoints.map { ($0.at.value, $0) }, uniquingKeysWith: { first, _ in first })
        var clock = TimeSpan.zero
        var steps: [RolloutStep] = []
        var longestUnwatched = TimeSpan.zero
        var sinceGate = TimeSpan.zero
        for (index, step) in spec.traffic.steps.enumerated() {
            let weight = step.weight.value
            let start = clock
            if let pause = step.pause?.value {
                clock = clock + pause
                sinceGate = sinceGate + pause
            }
            if step.analysis {
                clock = clock + analysis.run
                sinceGate = .zero
            }
            longestUnwatched = max(longestUnwatched, sinceGate)
            let hold = holds[weight].map {
                RolloutStep.Hold(
                    signOff: $0.signOff.isEmpty ? [Self.defaultSignOff] : $0.signOff, note: $0.note, expected: $0.expected)
            }
            steps.append(
                RolloutStep(
                    number: index + 1, weight: weight, start: start, pause: step.pause?.value, gate: step.analysis ? analysis.run : nil,
                    hold: hold, moment: weight >= 100 ? .afterRollout : .atWeight(weight)))
        }
        // A breach shows up after a scrape; a breach just over the bound fills the query window
        // before the rate crosses it; then (failureLimit + 1) measurements one interval apart
        // fail it (the first up to an interval later). Without background analysis it may also
        // wait for the next gate.
        let measurements = analysis.interval * (analysis.failureLimit + 1)
        let waitForGate = analysis.background ? TimeSpan.zero : longestUnwatched
        let detection = spec.prometheus.scrapeInterval + analysis.window + waitForGate + measurements
        return RolloutPlan(
            steps: steps, automatedDuration: clock, detection: detection, breachToStable: detection + RolloutPlan.abortPropagation)
    }

    /// Who signs off at a hold point when the spec names nobody.
    static let defaultSignOff = "on-call"
}
