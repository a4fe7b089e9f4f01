import Diagnostics
import Spec
import Units

/// Maps an offset inside a scalar's text back to the spec file, so a problem inside a
/// multi-line PromQL block is reported at its own line and column.
enum QueryLocator {
    static func range(ofOffset offset: Int, length: Int, in value: Located<String>, source: SourceFile?) -> SourceRange {
        let start = value.range.start
        guard let source, let firstLine = source.line(start.line) else { return value.range }
        let textBefore = Array(value.value.unicodeScalars.prefix(offset))
        let lineInText = textBefore.count { $0 == "\n" }
        let columnInLine = textBefore.count - (textBefore.lastIndex(of: "\n").map { $0 + 1 } ?? 0)
        let indicator = firstLine.unicodeScalars.dropFirst(start.column - 1).first
        let location: SourceLocation
        if indicator == "|" {
            // Literal block: text line i is source line start+1+i, after the block's indentation.
            let line = start.line + 1 + lineInText
            guard let content = source.line(start.line + 1) else { return value.range }
            let indent = content.unicodeScalars.prefix { $0 == " " }.count
            location = SourceLocation(line: line, column: indent + columnInLine + 1)
        } else if lineInText == 0, indicator != ">" {
            let quoteWidth = indicator == "\"" || indicator == "'" ? 1 : 0
            location = SourceLocation(line: start.line, column: start.column + quoteWidth + columnInLine)
        } else {
            return value.range
        }
        return SourceRange(
            path: value.range.path, start: location,
            end: SourceLocation(line: location.line, column: location.column + length))
    }
}
