import CPgQuery
import Foundation

/// PostgreSQL's own parser (libpg_query), wrapped once: the only file that imports CPgQuery.
public enum PostgresParser {
    /// The PostgreSQL version whose grammar the parser implements.
    public static var grammarVersion: String { PG_VERSION }

    /// Parses one or more statements. A syntax error carries PostgreSQL's message and the
    /// 1-based character position it points at.
    public static func parse(_ sql: String) -> Result<SQLParseTree, SQLSyntaxError> {
        let result = pg_query_parse(sql)
        defer { pg_query_free_parse_result(result) }
        if let error = result.error {
            let message = error.pointee.message.map { String(cString: $0) } ?? "syntax error"
            let position = Int(error.pointee.cursorpos)
            return .failure(SQLSyntaxError(message: message, characterPosition: position > 0 ? position : nil))
        }
        guard let tree = result.parse_tree,
            let root = try? JSONDecoder().decode(SQLNode.self, from: Data(String(cString: tree).utf8))
        else {
            return .failure(SQLSyntaxError(message: "the SQL parser returned no tree", characterPosition: nil))
        }
        return .success(SQLParseTree(source: sql, root: root))
    }
}

public struct SQLSyntaxError: Error, Sendable, Equatable {
    public var message: String
    /// 1-based position in characters (Unicode scalars) into the parsed text, when known.
    public var characterPosition: Int?
}
