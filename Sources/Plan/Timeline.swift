public import Spec

/// What happens during the rollout, in order, with when it starts if every gate passes.
public struct Timeline: Sendable {
    public enum Event: Sendable, Equatable {
        case setWeight(Int)
        case pause(TimeSpan)
        case analysis(TimeSpan)
        /// A manual hold: the rollout waits for `kubectl argo rollouts promote`.
        case hold(signOff: [String])
    }

    public struct Entry: Sendable, Equatable {
        /// Time since the rollout started, not counting earlier manual holds.
        public var start: TimeSpan
        /// Canary weight in force during this entry.
        public var weight: Int
        public var event: Event
    }

    public var entries: [Entry]
    /// Pauses plus analysis runs: the rollout's length if nobody lingers at a hold point.
    public var automatedDuration: TimeSpan
    public var holdCount: Int
    /// Worst case from a breach starting to Argo Rollouts aborting the rollout.
    public var detection: TimeSpan
    /// Worst case from a breach starting to all traffic back on the stable version.
    public var breachToStable: TimeSpan

    /// Time for Istio to push the aborted weights to every sidecar after Argo Rollouts changes
    /// the VirtualService; a planning allowance, not a measured figure.
    public static let abortPropagation = TimeSpan.seconds(10)

    public init(_ spec: MigrationSpec) {
        let analysis = spec.traffic.analysis
        let holds = Dictionary(spec.traffic.holdPoints.map { ($0.at.value, $0) }, uniquingKeysWith: { first, _ in first })
        let run = Self.analysisRun(analysis)
        var clock = TimeSpan.zero
        var entries: [Entry] = []
        var longestUnwatched = TimeSpan.zero
        var sinceGate = TimeSpan.zero
        for step in spec.traffic.steps {
            let weight = step.weight.value
            entries.append(Entry(start: clock, weight: weight, event: .setWeight(weight)))
            if let pause = step.pause?.value {
                entries.append(Entry(start: clock, weight: weight, event: .pause(pause)))
                clock = clock + pause
                sinceGate = sinceGate + pause
            }
            if step.analysis {
                entries.append(Entry(start: clock, weight: weight, event: .analysis(run)))
                clock = clock + run
                sinceGate = .zero
            }
            longestUnwatched = max(longestUnwatched, sinceGate)
            if let hold = holds[weight] {
                entries.append(Entry(start: clock, weight: weight, event: .hold(signOff: hold.signOff)))
            }
        }
        self.entries = entries
        automatedDuration = clock
        holdCount = entries.count { if case .hold = $0.event { true } else { false } }
        // A breach shows up after a scrape, is failed by (failureLimit + 1) measurements one
        // interval apart, and without background analysis may wait for the next gate first.
        let measurements = analysis.interval.value * (analysis.failureLimit.value + 1)
        let waitForGate = analysis.background ? TimeSpan.zero : longestUnwatched
        detection = spec.prometheus.scrapeInterval + waitForGate + measurements
        breachToStable = detection + Self.abortPropagation
    }

    /// One analysis run takes `count` measurements, the first at once, then one per interval.
    public static func analysisRun(_ analysis: AnalysisSettings) -> TimeSpan {
        analysis.interval.value * max(0, analysis.count - 1)
    }
}
