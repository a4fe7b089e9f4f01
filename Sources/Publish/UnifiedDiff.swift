/// A unified diff (`diff -u` format, three lines of context) between two texts, for drift
/// reports a reviewer reads in a pull request. Common leading and trailing lines are set
/// aside first; the middle is matched by longest common subsequence, or, when it is too large
/// to match cheaply, shown as removed then added (still a correct diff, only a longer one).
public enum UnifiedDiff {
    static let context = 3
    static let largestTable = 4_000_000

    /// Nil when the texts are equal. A nil side is a missing file (`/dev/null`).
    public static func diff(path: String, old: String?, new: String?) -> String? {
        guard old != new else { return nil }
        let before = lines(old ?? "")
        let after = lines(new ?? "")
        let edits = script(before, after)
        var text = "--- \(old == nil ? "/dev/null" : "a/" + path)\n+++ \(new == nil ? "/dev/null" : "b/" + path)\n"
        for hunk in hunks(edits) {
            text += hunk
        }
        return text
    }

    fileprivate enum Edit {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// Lines with their newline; a last line without one is marked as diff marks it.
    private static func lines(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var result = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        if text.hasSuffix("\n") {
            result.removeLast()
        } else {
            result[result.count - 1] = String(result[result.count - 1].dropLast()) + "\n\\ No newline at end of file\n"
        }
        return result
    }

    private static func script(_ a: [String], _ b: [String]) -> [Edit] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])
        var edits = a[..<prefix].map(Edit.same)
        edits += match(middleA, middleB)
        edits += a[(a.count - suffix)...].map(Edit.same)
        return edits
    }

    private static func match(_ a: [String], _ b: [String]) -> [Edit] {
        let n = a.count
        let m = b.count
        guard n > 0, m > 0, (n + 1) * (m + 1) <= largestTable else {
            return a.map(Edit.removed) + b.map(Edit.added)
        }
        // table[i][j]: length of the longest common subsequence of a[i...] and b[j...].
        var table = [Int32](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i * (m + 1) + j] =
                    a[i] == b[j]
                    ? table[(i + 1) * (m + 1) + j + 1] + 1
                    : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
            }
        }
        var edits: [Edit] = []
        var i = 0
        var j = 0
        while i < n, j < m {
            if a[i] == b[j] {
                edits.append(.same(a[i]))
                i += 1
                j += 1
            } else if table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1] {
                edits.append(.removed(a[i]))
                i += 1
            } else {
                edits.append(.added(b[j]))
                j += 1
            }
        }
        edits += a[i...].map(Edit.removed) + b[j...].map(Edit.added)
        return edits
    }

    private static func hunks(_ edits: [Edit]) -> [String] {
        let changed = edits.indices.filter { if case .same = edits[$0] { return false } else { return true } }
        guard !changed.isEmpty else { return [] }
        // Group changes whose contexts touch.
        var groups: [(start: Int, end: Int)] = []
        for index in changed {
            let start = max(0, index - context)
            let end = min(edits.count, index + context + 1)
            if let last = groups.last, start <= last.end { groups[groups.count - 1].end = end } else { groups.append((start, end)) }
        }
        // Line numbers before each edit.
        var oldLine = [Int](repeating: 0, count: edits.count + 1)
        var newLine = oldLine
        for (index, edit) in edits.enumerated() {
            oldLine[index + 1] = oldLine[index] + (edit.isAdded ? 0 : 1)
            newLine[index + 1] = newLine[index] + (edit.isRemoved ? 0 : 1)
        }
        return groups.map { group in
            let oldCount = oldLine[group.end] - oldLine[group.start]
            let newCount = newLine[group.end] - newLine[group.start]
            var text = "@@ -\(range(oldLine[group.start], oldCount)) +\(range(newLine[group.start], newCount)) @@\n"
            for edit in edits[group.start..<group.end] {
                switch edit {
                case .same(let line): text += " " + line
                case .removed(let line): text += "-" + line
                case .added(let line): text += "+" + line
                }
            }
            return text
        }
    }

    /// `start,count` as diff writes it: 1-based, the count left out when it is 1, and for an
    /// empty side the line before it.
    private static func range(_ before: Int, _ count: Int) -> String {
        count == 0 ? "\(before),0" : count == 1 ? "\(before + 1)" : "\(before + 1),\(count)"
    }
}

extension UnifiedDiff.Edit {
    fileprivate var isAdded: Bool { if case .added = self { true } else { false } }
    fileprivate var isRemoved: Bool { if case .removed = self { true } else { false } }
}
