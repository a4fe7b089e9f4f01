import Foundation
public import Units

extension TimeSpan {
    /// `2 minutes`, `1 hour 30 minutes`, `3 days`: for sentences leadership reads.
    public var spoken: String {
        let units: [(Int, String)] = [(86_400_000, "day"), (3_600_000, "hour"), (60_000, "minute"), (1000, "second"), (1, "millisecond")]
        guard milliseconds > 0 else { return "0 seconds" }
        var rest = milliseconds
        var parts: [String] = []
        for (scale, name) in units where rest >= scale {
            let count = rest / scale
            parts.append("\(count) \(name)\(count == 1 ? "" : "s")")
            rest %= scale
        }
        return parts.joined(separator: " ")
    }
}

/// The cutover window, when the spec gives it as `YYYY-MM-DD[ HH:MM][ UTC]`: the start the
/// derived dates (earliest contract, clean-up due) count from. Other wording stays text only.
struct CutoverStart {
    let date: Date

    init?(_ window: String?) {
        guard let window else { return nil }
        var text = window.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix(" UTC") { text = String(text.dropLast(4)) }
        if text.hasSuffix("Z") { text = String(text.dropLast()) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) {
                self.date = date
                timeGiven = format != "yyyy-MM-dd"
                return
            }
        }
        return nil
    }

    /// Whether the window named a time of day, not only a date.
    var hasTime: Bool { timeGiven }
    private var timeGiven = false

    /// The day (UTC) a span after the start falls on.
    func day(after span: TimeSpan) -> String {
        format("yyyy-MM-dd", after: span)
    }

    /// `14:19 UTC`.
    func time(after span: TimeSpan) -> String {
        format("HH:mm", after: span) + " UTC"
    }

    /// `2026-12-01 14:00 UTC`.
    func dateTime(after span: TimeSpan) -> String {
        format("yyyy-MM-dd HH:mm", after: span) + " UTC"
    }

    private func format(_ pattern: String, after span: TimeSpan) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter.string(from: date.addingTimeInterval(span.seconds))
    }
}
