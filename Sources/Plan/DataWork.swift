public import Units

/// The expand/contract data plan, checked: the schema changes as values (SQL fragments already
/// parsed and cleared by PostgreSQL's parser), the backfill and its checks, and the phase files
/// in run order.
public struct DataWork: Sendable {
    public enum SchemaChange: Sendable {
        public struct Column: Sendable {
            public var name: String
            public var type: String
            public var nullable: Bool
            public var primaryKey: Bool

            package init(name: String, type: String, nullable: Bool, primaryKey: Bool) {
                self.name = name
                self.type = type
                self.nullable = nullable
                self.primaryKey = primaryKey
            }
        }

        case addColumn(table: String, column: String, type: String, nullable: Bool, defaultExpression: String?)
        case createTable(name: String, columns: [Column])
        case createIndex(table: String, name: String, columns: [String], unique: Bool)
        case addCheck(table: String, name: String, expression: String)
        case addForeignKey(table: String, name: String, columns: [String], references: String, referencedColumns: [String])
        case dualWriteTrigger(DualWriteTrigger)
        /// Raw SQL and its undo, with the spec line it starts on (named in the generated comment).
        case sql(String, undo: String?, line: Int)
    }

    public enum Removal: Sendable {
        case dropColumn(table: String, column: String)
        case dropTable(String)
        case sql(String, line: Int)
    }

    public struct DualWriteTrigger: Sendable {
        public var from: String
        public var to: String
        public var columns: [String]
        public var key: String

        package init(from: String, to: String, columns: [String], key: String) {
            self.from = from
            self.to = to
            self.columns = columns
            self.key = key
        }
    }

    public struct Backfill: Sendable {
        public var from: String
        public var to: String
        public var key: String
        public var columns: [String]
        /// Per target column, the SQL expression over the source row; sorted by column.
        public var transform: [(column: String, expression: String)]
        public var batchSize: Int
        public var sleep: TimeSpan

        package init(
            from: String, to: String, key: String, columns: [String], transform: [(column: String, expression: String)], batchSize: Int,
            sleep: TimeSpan
        ) {
            self.from = from
            self.to = to
            self.key = key
            self.columns = columns
            self.transform = transform
            self.batchSize = batchSize
            self.sleep = sleep
        }

        /// Column to column within one table (an UPDATE), rather than table to table.
        public var isInPlace: Bool { from == to }

        /// The SQL that computes a target column from the source row, when it is not a plain copy.
        public func sourceExpression(for column: String) -> String? {
            transform.first { $0.column == column }?.expression
        }
    }

    public struct Verification: Sendable {
        public var counts: Bool
        /// Percent of rows deep-compared.
        public var sampleRate: Double
        public var checksum: Bool
        /// Percent of mismatching rows tolerated.
        public var maxMismatch: Double

        package init(counts: Bool, sampleRate: Double, checksum: Bool, maxMismatch: Double) {
            self.counts = counts
            self.sampleRate = sampleRate
            self.checksum = checksum
            self.maxMismatch = maxMismatch
        }
    }

    /// A lint rule the spec accepts for one raw SQL operation: what it warns of and why the
    /// owners accept it, shown to reviewers beside the data plan.
    public struct AcceptedRisk: Sendable, Equatable {
        public var phase: String
        /// The spec line the SQL starts on.
        public var line: Int
        public var rule: String
        public var problem: String
        public var reason: String

        package init(phase: String, line: Int, rule: String, problem: String, reason: String) {
            self.phase = phase
            self.line = line
            self.rule = rule
            self.problem = problem
            self.reason = reason
        }
    }

    public var database: String?
    /// The environment variable a person's psql reads the connection URI from (and the Jobs
    /// read the Secret into).
    public var connectionVariable: String
    /// Who runs the phases: a person, or Jobs in the cluster.
    public var runner: DataRunner
    /// The major PostgreSQL version the SQL runs on.
    public var postgresVersion: Int
    public var acceptedRisks: [AcceptedRisk]
    public var lockTimeout: TimeSpan
    public var statementTimeout: TimeSpan
    public var expand: [SchemaChange]
    public var backfill: Backfill?
    public var verify: Verification
    public var contract: [Removal]
    /// The phase files, numbered in run order.
    public var phases: [DataPhase]
    /// When reads flip to the new store (spec or derived), when there is a read-flip flag.
    public var readFlip: Moment?

    package init(
        database: String?, connectionVariable: String, runner: DataRunner = .person, postgresVersion: Int, acceptedRisks: [AcceptedRisk],
        lockTimeout: TimeSpan,
        statementTimeout: TimeSpan,
        expand: [SchemaChange], backfill: Backfill?, verify: Verification, contract: [Removal], phases: [DataPhase], readFlip: Moment?
    ) {
        self.database = database
        self.connectionVariable = connectionVariable
        self.runner = runner
        self.postgresVersion = postgresVersion
        self.acceptedRisks = acceptedRisks
        self.lockTimeout = lockTimeout
        self.statementTimeout = statementTimeout
        self.expand = expand
        self.backfill = backfill
        self.verify = verify
        self.contract = contract
        self.phases = phases
        self.readFlip = readFlip
    }

    public var dualWriteTriggers: [DualWriteTrigger] {
        expand.compactMap { if case .dualWriteTrigger(let trigger) = $0 { trigger } else { nil } }
    }

    public func phase(_ kind: DataPhase.Kind) -> DataPhase? { phases.first { $0.kind == kind } }
}

/// Who runs the SQL phases.
public enum DataRunner: Sendable, Equatable {
    /// Someone with database access runs the psql line the runbook shows.
    case person
    /// Kubernetes Jobs run the same command.
    case cluster(ClusterRunner)

    public var cluster: ClusterRunner? {
        if case .cluster(let cluster) = self { return cluster }
        return nil
    }
}

/// The Jobs' image, where they read the connection URI from, and whether the contract's Job is
/// published (only once the point of no return is signed off).
public struct ClusterRunner: Sendable, Equatable {
    public var image: String
    public var secret: String
    public var secretKey: String
    public var runContract: Bool

    package init(image: String, secret: String, secretKey: String, runContract: Bool) {
        self.image = image
        self.secret = secret
        self.secretKey = secretKey
        self.runContract = runContract
    }
}

/// One SQL phase file: when it runs, what must be true first, and how it is undone.
public struct DataPhase: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case expand, backfill, validate, verify, reconcile, contract
        case rollbackExpand = "rollback-expand"
    }

    /// What must hold before the file runs.
    public enum Precondition: Sendable, Equatable {
        /// 0% on the canary.
        case rolloutNotStarted
        /// These flags off (none: no flag is involved).
        case flagsOff([String])
        case applied(file: String)
        case finished(file: String)
        /// Nothing runs before it.
        case nothing
        /// Writes reach the new store; `reaching` names it when the phase fills it.
        case dualWritesOn(DualWrites, reaching: String?)
        /// Writes keep reaching the new store while a repair runs, so it does not drift again.
        case dualWritesStayOn(DualWrites)
        /// Verify runs again before reads flip (when at another moment), and at the end of the
        /// soak, before the release without the flags.
        case verifyAgain(beforeReadFlipAt: Moment?)
        /// 100% on the new version for the whole soak.
        case soaked(TimeSpan)
        /// The release without the migration's flags is at 100%: it reads `reads` and, when the
        /// stores are separate tables, no longer writes `stoppedWriting`.
        case flagFreeRelease(reads: String?, stoppedWriting: String?)
        case triggerDroppedFirst
        case verifiedAtSoakEnd(file: String)
        /// After this file an application rollback finds no old schema.
        case pointOfNoReturn
        /// The file removes only what the expand phase added, which the old version never used.
        case keepsTheOldVersionRunnable
        /// It removes what the old version used, after the step that already had no way back.
        case pastPointOfNoReturn
        /// All traffic back on the stable version.
        case stableOnly
        case notYetRun(file: String)
        case verifyFailed(file: String)
        case verifyAfterwards(file: String)
    }

    /// How the phase is undone, or why it cannot be.
    public enum Undo: Sendable, Equatable {
        case byFile(path: String)
        case nothingAlone(rollbackPath: String)
        case constraintsDroppedBy(rollbackPath: String)
        case readOnly
        case onlyRepairs(target: String, source: String)
        case irreversible
        case reapply(file: String)
    }

    public enum DualWrites: Sendable, Equatable {
        case trigger(file: String)
        case flag(String)
        case unnamed
    }

    public static let folder = "sql"

    public var kind: Kind
    /// File name inside `sql/`, numbered in run order.
    public var file: String
    /// When it runs; nil for a file that runs only when something went wrong.
    public var moment: Moment?
    public var preconditions: [Precondition]
    public var undo: Undo
    /// The one way to run it, from the folder that holds `sql/`: psql without the user's
    /// ~/.psqlrc, stopping at the first error, connected by the URI in an environment variable.
    public var command: Command
    /// Who starts it, and how.
    public var execution: Execution = .byPerson

    /// Who starts a phase with the cluster runner, and how (a person runs every phase otherwise).
    public enum Execution: Sendable, Equatable {
        case byPerson
        /// Argo CD runs it before the sync applies anything else (the schema before the new pods).
        case preSyncHook
        /// Argo Rollouts runs it as a `job` metric of an analysis step at the phase's moment; a
        /// failed Job fails the analysis and aborts the rollout. `onDemand` starts the same Job
        /// from a suspended CronJob when people need it between steps (verify at the soak's end).
        case analysisStep(onDemand: Command?)

        public var isAnalysisStep: Bool { if case .analysisStep = self { true } else { false } }
        /// A suspended CronJob in the cluster; one command starts it.
        case startedByCommand(Command)
        /// The contract's Job, synced suspended from the start; a pull request of its own sets
        /// `runContract` (`released`), which publish lets through only with the sign-off.
        case contractJob(released: Bool)
    }

    package init(
        kind: Kind, file: String, moment: Moment?, preconditions: [Precondition], undo: Undo, connectionVariable: String,
        execution: Execution = .byPerson
    ) {
        self.execution = execution
        self.kind = kind
        self.file = file
        self.moment = moment
        self.preconditions = preconditions
        self.undo = undo
        command = .words([
            .text("psql"), .text("-X"), .text("-v"), .text("ON_ERROR_STOP=1"), .text("-d"),
            .variable(prefix: "", name: connectionVariable), .text("-f"), .text(Self.folder + "/" + file),
        ])
    }

    public var path: String { Self.folder + "/" + file }

    /// The one command a person types to run it: the psql line, or the command that starts its
    /// Job in the cluster; nil when a tool runs it on its own.
    public var startCommand: Command? {
        switch execution {
        case .byPerson: command
        case .startedByCommand(let start): start
        case .analysisStep(let onDemand): onDemand
        case .preSyncHook, .contractJob: nil
        }
    }
}

/// Something that happens to the data or its flags at a moment of the rollout, in order.
public struct ScheduledWork: Sendable {
    public enum When: Sendable, Equatable {
        case at(Moment)
        /// At the end of the soak after 100%.
        case afterSoak
    }

    public enum Action: Sendable {
        case phase(DataPhase)
        /// Dual writes on for the cohort first (where the flag system can express one), then everyone.
        case dualWritesOn(cohort: FlagChange?, everyone: FlagChange)
        /// Verify once more (when there is a verify file), then flip reads to the new store.
        case flipReads(verify: DataPhase?, flag: FlagChange)
        /// Parity checked once more at the end of the soak, with dual writes still on.
        case verifyAtSoakEnd(DataPhase)
        /// The release without the migration's flags reaches 100%: it reads the new store and, when
        /// the stores are separate tables, writes only the new one (`retiring` names the old).
        case flagFreeRelease(retiring: String?)
        /// The contract file.
        case contract(DataPhase)
        /// The flags, read by nothing any more, deleted from the flag system.
        case removeFlags([String])
    }

    public var when: When
    public var action: Action

    package init(when: When, action: Action) {
        self.when = when
        self.action = action
    }
}
