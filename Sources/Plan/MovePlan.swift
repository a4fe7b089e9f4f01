public import Units

/// Tables moved to another PostgreSQL database with logical replication, checked: the two
/// databases, the names of the replication objects, the SQL files and the commands of each
/// step in the order they run, and the way back within the rollback window.
public struct MovePlan: Sendable {
    public struct Table: Sendable, Equatable {
        /// Schema-qualified: `public.orders`.
        public var name: String
        public var key: String

        package init(name: String, key: String) {
            self.name = name
            self.key = key
        }
    }

    /// A database of the move: the variable holding its connection URI, and its name for people.
    public struct Endpoint: Sendable, Equatable {
        public var variable: String
        public var database: String?

        package init(variable: String, database: String?) {
            self.variable = variable
            self.database = database
        }

        /// `the orders database`, or the variable when the spec names no database.
        public var spoken: String { database.map { "the \($0) database" } ?? "the database in $\(variable)" }
    }

    /// The SQL files of the move, in run order; each names the side it runs on, or runs on
    /// either (the cutover and its mirror, the rollback, share them).
    public enum File: String, Sendable, CaseIterable {
        case preflight = "010-move-preflight-source.sql"
        case requirements = "015-move-requirements-source.sql"
        case requirementsCheck = "016-move-requirements-target.sql"
        case publish = "020-move-publish-source.sql"
        case schema = "025-move-schema-target.sql"
        case subscribe = "030-move-subscribe-target.sql"
        case copy = "035-move-copy-target.sql"
        case position = "040-move-position.sql"
        case caughtUp = "045-move-caught-up.sql"
        case slot = "050-move-slot-health-source.sql"
        case freeze = "060-move-freeze.sql"
        case sequences = "065-move-sequences.sql"
        case sequencesApply = "066-move-sequences-apply.sql"
        case parityExpected = "070-move-parity-expected.sql"
        case parityCompare = "071-move-parity-compare.sql"
        case dropForward = "075-move-drop-forward-target.sql"
        case reversePublish = "080-move-reverse-publish-target.sql"
        case reverseSubscribe = "085-move-reverse-subscribe-source.sql"
        case open = "090-move-open.sql"
        case dropReverse = "095-move-drop-reverse-source.sql"
        case cleanupSource = "900-move-cleanup-source.sql"
        case cleanupTarget = "910-move-cleanup-target.sql"

        public var path: String { DataPhase.folder + "/" + rawValue }
    }

    /// One step of the move: what it does, and its commands in order.
    public struct Step: Sendable, Equatable {
        public enum Kind: String, Sendable, Equatable {
            case preflight, replicate, checkpoint, cutover, rollback, cleanup
        }

        public var kind: Kind
        public var commands: [Command]

        package init(kind: Kind, commands: [Command]) {
            self.kind = kind
            self.commands = commands
        }
    }

    public var tables: [Table]
    public var sequences: [String]
    public var source: Endpoint
    public var target: Endpoint
    public var maxLag: TimeSpan
    public var rollbackWindow: TimeSpan
    public var rangeSize: Int
    /// When the cutover happens, relative to the canary steps.
    public var moment: Moment
    public var postgresVersion: Int
    public var lockTimeout: TimeSpan
    public var statementTimeout: TimeSpan
    /// The base of every replication object's name: the publication and subscription of the
    /// move, `_back` for the reverse ones, the freeze triggers and functions.
    public var name: String
    public var steps: [Step]

    package init(
        tables: [Table], sequences: [String], source: Endpoint, target: Endpoint, maxLag: TimeSpan, rollbackWindow: TimeSpan,
        rangeSize: Int, moment: Moment, postgresVersion: Int, lockTimeout: TimeSpan, statementTimeout: TimeSpan, name: String,
        steps: [Step]
    ) {
        self.tables = tables
        self.sequences = sequences
        self.source = source
        self.target = target
        self.maxLag = maxLag
        self.rollbackWindow = rollbackWindow
        self.rangeSize = rangeSize
        self.moment = moment
        self.postgresVersion = postgresVersion
        self.lockTimeout = lockTimeout
        self.statementTimeout = statementTimeout
        self.name = name
        self.steps = steps
    }

    /// Before PostgreSQL 16 a subscription has no `origin = none`, so with both directions
    /// subscribed every change would come back: the forward subscription is dropped before the
    /// reverse one is created. From 16 both carry `origin = none` and the forward one stays
    /// until the clean-up.
    public var dropsForwardFirst: Bool { postgresVersion < 16 }

    public var reverseName: String { name + "_back" }

    public func step(_ kind: Step.Kind) -> Step? { steps.first { $0.kind == kind } }
}
