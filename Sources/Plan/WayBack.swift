public import Units

/// The way back from one point of the rollout, in the order the on-call runs it, fastest first:
/// stop the bleeding (traffic back to stable, the kill switch, reads back to the old store),
/// make it stick (the spec back at its baseline, published), then, only to leave the
/// migration, dual writes off and the schema undone. Past the point of no return there is none.
public struct WayBack: Sendable {
    public enum Point: Sendable, Equatable {
        /// At a canary step of this weight (a hold point, or where reads flip).
        case weight(Int)
        /// At 100%, during the soak.
        case fullTraffic
        /// Past the point of no return.
        case afterPointOfNoReturn
    }

    public enum Step: Sendable, Equatable {
        /// Stop the bleeding: every user back on the old path.
        case killSwitch(FlagChange)
        case readsBack(FlagChange)
        /// Stop the bleeding: traffic back to the stable version (an aborted rollout).
        case abort(Command)
        /// Make it stick: the spec back at its baseline (or the Deployment's image change reverted)
        /// and published, so Argo CD syncs the old version and no sync or retry goes forward
        /// again. At 100% the old version is no longer stable, so `skipSteps` promotes it past the
        /// canary steps.
        case revert(sync: Command, skipSteps: Command?)
        /// Only to leave the migration, once reads are back on the old store: writes reach only it.
        case leaveDualWrites(FlagChange)
        case leaveSchema(Command)
        case noWayBack(PointOfNoReturn)
        /// Past the point of no return: fix forward, publishing a new version.
        case rollForward(sync: Command)
    }

    public var point: Point
    public var steps: [Step]
    /// The data flow after each step, in step order (the invariant `check` holds them to).
    public var flows: [DataFlow]

    package init(point: Point, steps: [Step], flows: [DataFlow] = []) {
        self.point = point
        self.steps = steps
        self.flows = flows
    }

    public var pastPointOfNoReturn: Bool { point == .afterPointOfNoReturn }
}

/// The cutover hour and what follows it.
public struct CutoverPlan: Sendable {
    /// As the spec writes it; a date and time when it can be read as one.
    public var window: String?
    public var freeze: Bool
    public var darkLaunch: Bool
    public var soak: TimeSpan
    public var cleanupDeadline: TimeSpan
    public var rollbackTarget: TimeSpan
    /// Dual writes for the cohort before everyone.
    public var cohortWatch: TimeSpan
    /// KPIs watched at 100% before a person declares success.
    public var successWatch: TimeSpan
    /// The spec's own rollback commands, as written.
    public var rollbackCommands: [Command]

    package init(
        window: String?, freeze: Bool, darkLaunch: Bool, soak: TimeSpan, cleanupDeadline: TimeSpan, rollbackTarget: TimeSpan,
        cohortWatch: TimeSpan = .zero, successWatch: TimeSpan = .zero, rollbackCommands: [Command]
    ) {
        self.cohortWatch = cohortWatch
        self.successWatch = successWatch
        self.window = window
        self.freeze = freeze
        self.darkLaunch = darkLaunch
        self.soak = soak
        self.cleanupDeadline = cleanupDeadline
        self.rollbackTarget = rollbackTarget
        self.rollbackCommands = rollbackCommands
    }
}
