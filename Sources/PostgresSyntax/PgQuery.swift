internal import CPgQuery
import Foundation

/// PostgreSQL's own parser and scanner (libpg_query), wrapped once: the only file that imports
/// CPgQuery. Everything it returns is a Swift value; every C result is freed here.
public enum PostgresParser {
    /// The PostgreSQL version whose grammar the parser implements.
    public static var grammarVersion: String { PG_VERSION }

    /// Parses one or more statements. A syntax error carries PostgreSQL's message and the
    /// 1-based character position it points at.
    public static func parse(_ sql: String) -> Result<SQLParseTree, SQLSyntaxError> {
        let result = pg_query_parse(sql)
        defer { pg_query_free_parse_result(result) }
        if let error = result.error {
            return .failure(syntaxError(error.pointee))
        }
        guard let tree = result.parse_tree, let root = readTree(tree) else {
            return .failure(SQLSyntaxError(message: "the SQL parser returned no tree", characterPosition: nil))
        }
        return .success(SQLParseTree(source: sql, root: root))
    }

    /// The tokens of SQL text as PostgreSQL's scanner sees them, comments included.
    public static func scan(_ sql: String) -> Result<[SQLToken], SQLSyntaxError> {
        let result = pg_query_scan(sql)
        defer { pg_query_free_scan_result(result) }
        if let error = result.error {
            return .failure(syntaxError(error.pointee))
        }
        let bytes = result.pbuf.data.map { UnsafeRawBufferPointer(start: $0, count: result.pbuf.len) }
        guard let bytes, let tokens = ScanResultDecoder.tokens(Array(bytes)) else {
            return .failure(SQLSyntaxError(message: "the SQL scanner returned no tokens", characterPosition: nil))
        }
        return .success(tokens)
    }

    /// The JSON text libpg_query returns, read in place (it is freed with the result).
    private static func readTree(_ text: UnsafePointer<CChar>) -> SQLNode? {
        let length = strlen(text)
        return UnsafeRawPointer(text).withMemoryRebound(to: UInt8.self, capacity: length) {
            ParseTreeReader.read(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    private static func syntaxError(_ error: PgQueryError) -> SQLSyntaxError {
        let message = error.message.map { String(cString: $0) } ?? "syntax error"
        let position = Int(error.cursorpos)
        return SQLSyntaxError(message: message, characterPosition: position > 0 ? position : nil)
    }
}

public struct SQLSyntaxError: Error, Sendable, Equatable {
    public var message: String
    /// 1-based position in characters (Unicode scalars) into the parsed text, when known.
    public var characterPosition: Int?
}
