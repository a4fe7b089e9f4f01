public import Units

/// The way back from one point of the rollout, in the order the on-call runs it: reads back to
/// the old store, traffic back to stable, then (only to leave the migration) dual writes off and
/// the schema undone. After the contract phase there is no way back for the schema.
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
        case readsBack(FlagChange)
        case abort(Command)
        /// A finished rollout has nothing to abort: going back is a new rollout of the old revision.
        case undoAndPromote(undo: Command, promote: Command)
        case leaveDualWrites(FlagChange)
        case leaveSchema(Command)
        case schemaIrreversible(contractFile: String)
        case rollForward(undo: Command)
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
