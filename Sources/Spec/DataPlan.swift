public import Diagnostics

/// The expand/contract data plan as written; SQL generation builds on this model.
public struct DataPlan: Sendable {
    public var engine: Located<String>
    public var database: String?
    public var lockTimeout: TimeSpan
    public var statementTimeout: TimeSpan
    public var expand: [ExpandOperation]
    public var backfill: Backfill?
    public var verify: Verification
    public var contract: [ContractOperation]
    public var range: SourceRange
}

public struct TableColumn: Sendable {
    public var name: String
    public var type: String
    public var nullable: Bool
    public var primaryKey: Bool
}

public enum ExpandOperation: Sendable {
    case addColumn(table: String, column: String, type: String, nullable: Bool, defaultExpression: String?, range: SourceRange)
    case createTable(name: String, columns: [TableColumn], range: SourceRange)
    case createIndex(table: String, name: String, columns: [String], unique: Bool, range: SourceRange)
    case addCheckConstraint(table: String, name: String, expression: String, range: SourceRange)
    case addForeignKey(table: String, name: String, columns: [String], references: String, referencedColumns: [String], range: SourceRange)
    case dualWriteTrigger(from: String, to: String, columns: [String], range: SourceRange)
    case sql(Located<String>)
}

public struct Backfill: Sendable {
    public var from: String
    public var to: String
    public var key: String
    public var columns: [String]
    public var transform: [(key: String, value: String)]
    public var batchSize: Int
    public var sleep: TimeSpan
    public var range: SourceRange
}

public struct Verification: Sendable {
    public var counts: Bool
    public var sampleRate: Double
    public var checksum: Bool
    public var maxMismatch: Double
}

public enum ContractOperation: Sendable {
    case dropColumn(table: String, column: String, range: SourceRange)
    case dropTable(String, range: SourceRange)
    case sql(Located<String>)
}
