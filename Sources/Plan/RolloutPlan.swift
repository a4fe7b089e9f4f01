public import Units

/// The canary steps with everything that happens at each, and the rollout's timing.
public struct RolloutPlan: Sendable {
    /// Time for Istio to push the aborted weights to every sidecar after Argo Rollouts changes
    /// the VirtualService; a planning allowance, not a measured figure.
    public static let abortPropagation = TimeSpan.seconds(10)

    public var steps: [RolloutStep]
    /// Pauses plus analysis runs: the rollout's length if nobody lingers at a hold point.
    public var automatedDuration: TimeSpan
    /// Worst case from a breach starting to Argo Rollouts aborting the rollout.
    public var detection: TimeSpan
    /// Worst case from a breach starting to all traffic back on the stable version.
    public var breachToStable: TimeSpan

    public var holds: [RolloutStep] { steps.filter { $0.hold != nil } }

    package init(steps: [RolloutStep], automatedDuration: TimeSpan, detection: TimeSpan, breachToStable: TimeSpan) {
        self.steps = steps
        self.automatedDuration = automatedDuration
        self.detection = detection
        self.breachToStable = breachToStable
    }
}

/// One canary step: set the weight, pause, run the gate, then hold for a sign-off, in that order.
public struct RolloutStep: Sendable {
    public struct Hold: Sendable {
        /// Who signs off before promotion; the on-call when the spec names nobody.
        public var signOff: [String]
        /// What to check during the hold (Markdown from the spec).
        public var note: String?

        package init(signOff: [String], note: String?) {
            self.signOff = signOff
            self.note = note
        }
    }

    /// 1-based position among the steps.
    public var number: Int
    public var weight: Int
    /// Time since the rollout started, not counting earlier manual holds.
    public var start: TimeSpan
    public var pause: TimeSpan?
    /// The length of the gate's analysis run, when the step has a gate.
    public var gate: TimeSpan?
    public var hold: Hold?
    /// Where the step sits for the data plan: `atWeight`, or `afterRollout` for 100%.
    public var moment: Moment

    package init(number: Int, weight: Int, start: TimeSpan, pause: TimeSpan?, gate: TimeSpan?, hold: Hold?, moment: Moment) {
        self.number = number
        self.weight = weight
        self.start = start
        self.pause = pause
        self.gate = gate
        self.hold = hold
        self.moment = moment
    }

    /// When the step's pause and gate are done (and, if it holds, the hold starts).
    public var end: TimeSpan { start + (pause ?? .zero) + (gate ?? .zero) }
}
