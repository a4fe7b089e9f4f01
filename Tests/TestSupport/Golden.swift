import Foundation
public import Testing

/// Committed expected outputs. With GLIDEPATH_UPDATE_GOLDENS=1 every golden that differs (YAML,
/// SQL, the generated docs, the committed site's HTML) is rewritten and its test fails on
/// purpose, so an update is never mistaken for a pass; otherwise a mismatch is shown as a line
/// diff.
public enum Golden {
    public static let updating = ProcessInfo.processInfo.environment["GLIDEPATH_UPDATE_GOLDENS"] == "1"

    /// Compares (or, when updating, rewrites) the file at `relativePath` under the checkout.
    public static func expect(
        _ relativePath: String, equals generated: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let url = URL(fileURLWithPath: packageRoot + "/" + relativePath)
        let committed = try? String(contentsOf: url, encoding: .utf8)
        if updating {
            guard committed != generated else { return }
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(generated.utf8).write(to: url)
            Issue.record("rewrote \(relativePath); run the tests again without GLIDEPATH_UPDATE_GOLDENS", sourceLocation: sourceLocation)
            return
        }
        guard let committed else {
            Issue.record("\(relativePath) is missing: run GLIDEPATH_UPDATE_GOLDENS=1 swift test", sourceLocation: sourceLocation)
            return
        }
        if committed != generated {
            let diff = lineDiff(committed, generated)
            Issue.record(
                "\(relativePath) differs from its golden (- golden, + now); if the change is right, run GLIDEPATH_UPDATE_GOLDENS=1 swift test\n\(diff)",
                sourceLocation: sourceLocation)
        }
    }

    /// The lines that differ between two texts, as one hunk with three lines of context: the
    /// common head and tail are trimmed, so a single edit shows exactly, and a scattered one
    /// shows as the span from its first to its last change (at most 40 lines each side).
    public static func lineDiff(_ old: String, _ new: String, limit: Int = 40) -> String {
        let before = old.split(separator: "\n", omittingEmptySubsequences: false)
        let after = new.split(separator: "\n", omittingEmptySubsequences: false)
        var head = 0
        while head < before.count, head < after.count, before[head] == after[head] { head += 1 }
        var tail = 0
        while tail < before.count - head, tail < after.count - head,
            before[before.count - 1 - tail] == after[after.count - 1 - tail]
        { tail += 1 }
        let context = 3
        let start = max(0, head - context)
        var out = "@@ line \(head + 1) @@\n"
        for line in before[start..<head] { out += "  \(line)\n" }
        func side(_ lines: ArraySlice<Substring>, _ mark: String) {
            for line in lines.prefix(limit) { out += "\(mark) \(line)\n" }
            if lines.count > limit { out += "\(mark) ... \(lines.count - limit) more lines\n" }
        }
        side(before[head..<(before.count - tail)], "-")
        side(after[head..<(after.count - tail)], "+")
        for line in after[(after.count - tail)..<min(after.count, after.count - tail + context)] { out += "  \(line)\n" }
        return out
    }
}
