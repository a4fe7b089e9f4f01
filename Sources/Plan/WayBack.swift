public import Units

/// The way back from one point of the rollout, in the order the on-call runs it: stop the
/// bleeding (kill switch, reads back to the old store, traffic back to stable), make it stick
/// (the change reverted in git and published), then, only to leave the migration, dual writes
/// off and the schema undone. After the contract phase there is no way back for the schema.
public struct WayBack: Sendable {
    public enum Point: Sendable, Equatable {
        /// At a canary step of this weight (a hold point, or where reads flip).
        case weight(Int)
        /// At 100%, during the soak.
        case fullTraffic
        /// After the contract file ran.
        case afterContract
    }

    public enum Step: Sendable, Equatable {
        /// Stop the bleeding: every user back on the old path.
        case killSwitch(FlagChange)
        case readsBack(FlagChange)
        /// Stop the bleeding: traffic back to the stable version (an aborted rollout).
        case abort(Command)
        /// Make it stick: the spec's change reverted and published, so Argo CD syncs the old
        /// version and no sync or retry goes forward again. At 100% the old version is no longer
        /// stable, so `skipSteps` promotes it past the canary steps.
        case revert(sync: Command, skipSteps: Command?)
        case leaveDualWrites(FlagChange)
        case leaveSchema(Command)
        case schemaIrreversible(contractFile: String)
        /// After the contract: fix forward; only a revision that runs on the contracted schema.
        case rollForward(sync: Command)
    }

    public var point: Point
    public var steps: [Step]

    package init(point: Point, steps: [Step]) {
        self.point = point
        self.steps = steps
    }

    /// True once the contract phase has run: an application rollback finds no old schema.
    public var pastPointOfNoReturn: Bool { point == .afterContract }
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
    /// The spec's own rollback commands, as written.
    public var rollbackCommands: [Command]

    package init(
        window: String?, freeze: Bool, darkLaunch: Bool, soak: TimeSpan, cleanupDeadline: TimeSpan, rollbackTarget: TimeSpan,
        rollbackCommands: [Command]
    ) {
        self.window = window
        self.freeze = freeze
        self.darkLaunch = darkLaunch
        self.soak = soak
        self.cleanupDeadline = cleanupDeadline
        self.rollbackTarget = rollbackTarget
        self.rollbackCommands = rollbackCommands
    }
}
