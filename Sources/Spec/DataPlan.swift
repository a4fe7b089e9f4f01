public import Diagnostics
public import Units

/// The expand/contract data plan as written. SQL text (types, expressions, snippets) stays
/// located, so a problem inside it is reported where the user wrote it.
public struct DataPlan: Sendable {
    public var engine: Located<String>
    /// The major PostgreSQL version the SQL runs on.
    public var postgresVersion: Located<Int>
    public var database: String?
    /// The environment variable a person's psql reads the connection URI from, when the spec names one.
    public var connectionVariable: Located<String>?
    /// `person` or `cluster`.
    public var runner: Located<String>
    public var jobImage: String?
    public var runContract: Located<Bool>
    /// The Secret (and its key) the cluster's Jobs read the connection URI from.
    public var secret: Located<String>?
    public var secretKey: String
    public var lockTimeout: TimeSpan
    public var statementTimeout: TimeSpan
    public var schedule: DataSchedule
    public var expand: [ExpandOperation]
    public var backfill: Backfill?
    public var move: TableMove?
    public var verify: Verification
    public var contract: [ContractOperation]
    /// SQL lint rules the spec accepts for a raw `sql` operation, with the reason.
    public var acknowledgements: [SQLAcknowledgement]
    public var range: SourceRange

    /// The database-level dual writes of the expand phase.
    public var dualWriteTriggers: [DualWriteTrigger] {
        expand.compactMap { if case .dualWriteTrigger(let trigger) = $0 { trigger } else { nil } }
    }
}

public struct SQLAcknowledgement: Sendable {
    public enum Phase: String, Sendable { case expand, contract }
    public var phase: Phase
    /// The operation's position in its phase's list.
    public var operation: Int
    public var rule: String
    public var reason: Located<String>
}

public struct DataSchedule: Sendable {
    public var expand: Located<Moment>
    public var backfill: Located<Moment>
    /// Nil when the spec leaves it to the planner (derived from the hold points).
    public var readFlip: Located<Moment>?
}

public struct TableColumn: Sendable {
    public var name: Located<String>
    public var type: Located<String>
    public var nullable: Bool
    public var primaryKey: Bool
}

public enum ExpandOperation: Sendable {
    case addColumn(AddColumn)
    case createTable(name: Located<String>, columns: [TableColumn], range: SourceRange)
    case createIndex(table: Located<String>, name: Located<String>, columns: [String], unique: Bool, range: SourceRange)
    case addCheckConstraint(table: Located<String>, name: Located<String>, expression: Located<String>, range: SourceRange)
    case addForeignKey(ForeignKeyConstraint)
    case dualWriteTrigger(DualWriteTrigger)
    case sql(Located<String>, undo: Located<String>?)
}

public struct AddColumn: Sendable {
    public var table: Located<String>
    public var column: Located<String>
    public var type: Located<String>
    public var nullable: Located<Bool>
    public var defaultExpression: Located<String>?
    public var range: SourceRange
}

public struct ForeignKeyConstraint: Sendable {
    public var table: Located<String>
    public var name: Located<String>
    public var columns: [String]
    public var references: String
    public var referencedColumns: [String]
    public var range: SourceRange
}

public struct DualWriteTrigger: Sendable {
    public var from: Located<String>
    public var to: Located<String>
    public var columns: [String]
    public var key: Located<String>
    public var range: SourceRange
}

public struct Backfill: Sendable {
    public var from: Located<String>
    public var to: Located<String>
    public var key: Located<String>
    public var columns: [Located<String>]
    /// Per target column, an SQL expression over the source row; sorted by column.
    public var transform: [(column: String, expression: Located<String>)]
    public var batchSize: Int
    public var sleep: TimeSpan
    public var range: SourceRange

    /// Column to column within one table (an UPDATE), rather than table to table.
    public var isInPlace: Bool { from.value == to.value }

    /// The SQL that computes a target column from the source row.
    public func sourceExpression(for column: String) -> Located<String>? {
        transform.first { $0.column == column }?.expression
    }
}

public struct Verification: Sendable {
    public var counts: Bool
    public var sampleRate: Double
    public var checksum: Bool
    public var maxMismatch: Double
}

public enum ContractOperation: Sendable {
    case dropColumn(table: Located<String>, column: Located<String>, range: SourceRange)
    case dropTable(Located<String>)
    case sql(Located<String>)
}

/// Tables moved to another database with logical replication.
public struct TableMove: Sendable {
    public struct Table: Sendable {
        public var table: Located<String>
        public var key: Located<String>
    }

    public struct Endpoint: Sendable {
        public var variable: Located<String>
        public var database: String?
    }

    public var tables: [Table]
    public var sequences: [Located<String>]
    public var source: Endpoint
    public var target: Endpoint
    public var maxLag: TimeSpan
    public var rollbackWindow: TimeSpan
    public var rangeSize: Int
    public var at: Located<Moment>
    public var range: SourceRange
}
