public import Units

/// The canary steps with everything that happens at each, and the rollout's timing.
public struct RolloutPlan: Sendable {
    /// Time for Istio to push the aborted weights to every sidecar after Argo Rollouts changes
    /// the VirtualService; a planning allowance, not a measured figure.
    public static let abortPropagation = TimeSpan.seconds(10)

    public var steps: [RolloutStep]
    /// Pauses plus analysis runs: the rollout's length if nobody lingers at a hold point.
    public var automatedDuration: TimeSpan
    /// Worst case from a breach starting to Argo Rollouts aborting the rollout: a scrape, the
    /// query window filling with the breach, then (failureLimit + 1) failed measurements one
    /// interval apart (the first up to an interval after the window shows it).
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
        /// How long the hold is planned to take, for the schedule.
        public var expected: TimeSpan

        package init(signOff: [String], note: String?, expected: TimeSpan = .zero) {
            self.signOff = signOff
            self.note = note
            self.expected = expected
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

/// How long the cutover hour takes if every gate passes: the cohort's watch, the rollout's
/// pauses and analysis runs, the time planned at each hold, and the watch at 100%.
public struct CutoverLength: Sendable, Equatable {
    public var cohortWatch: TimeSpan
    public var rollout: TimeSpan
    public var holds: TimeSpan
    public var successWatch: TimeSpan
    /// The backfill runs inside the hour, and its length depends on the table.
    public var excludesBackfill: Bool

    package init(cohortWatch: TimeSpan, rollout: TimeSpan, holds: TimeSpan, successWatch: TimeSpan, excludesBackfill: Bool) {
        self.cohortWatch = cohortWatch
        self.rollout = rollout
        self.holds = holds
        self.successWatch = successWatch
        self.excludesBackfill = excludesBackfill
    }

    public var total: TimeSpan { cohortWatch + rollout + holds + successWatch }
}

/// Something true of the plan that a person should know before the cutover: `check` warns of
/// each, and the runbook's summary says it.
public enum Concern: Sendable, Equatable {
    /// The analysis cannot bring traffic back to stable within the rollback target.
    case rollbackSlowerThanTarget(worstCase: TimeSpan, target: TimeSpan)
    /// An objective no gate and no alert measures (`availability`).
    case unmeasuredObjective(name: String, value: Double)
    /// A critical service migrated with no hold point: nobody decides at any step.
    case criticalWithoutHolds
    /// The Rollout runs its own template and no earlier version is named: the first sync creates
    /// it at 100% without steps, and no way back can name a version.
    case noEarlierVersion
}
