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

/// The cutover window, when the spec gives it as `YYYY-MM-DD[ HH:MM][ UTC]` (or `T` between
/// date and time, or a trailing `Z`): the start the derived dates (earliest contract, clean-up
/// due) count from. Other wording stays text only. Dates are counted in proleptic Gregorian
/// days, UTC, by arithmetic: a formatter per runbook would load the locale data 10,000 times
/// in a site.
struct CutoverStart {
    /// Minutes since 1970-01-01 00:00 UTC.
    private let minutes: Int64
    /// Whether the window named a time of day, not only a date.
    let hasTime: Bool

    init?(_ window: String?) {
        guard let window else { return nil }
        var text = Substring(window.trimmingCharacters(in: .whitespaces))
        if text.hasSuffix(" UTC") { text = text.dropLast(4) }
        if text.hasSuffix("Z") { text = text.dropLast() }
        let bytes = Array(text.utf8)
        guard bytes.count == 10 || bytes.count == 16, let year = Self.number(bytes, 0, 4), bytes[4] == UInt8(ascii: "-"),
            let month = Self.number(bytes, 5, 2), bytes[7] == UInt8(ascii: "-"), let day = Self.number(bytes, 8, 2),
            (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year)
        else { return nil }
        var minuteOfDay: Int64 = 0
        if bytes.count == 16 {
            guard bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"), let hour = Self.number(bytes, 11, 2),
                bytes[13] == UInt8(ascii: ":"), let minute = Self.number(bytes, 14, 2), hour < 24, minute < 60
            else { return nil }
            minuteOfDay = hour * 60 + minute
        }
        minutes = Self.daysSinceEpoch(year: year, month: month, day: day) * 1440 + minuteOfDay
        hasTime = bytes.count == 16
    }

    /// The day (UTC) a span after the start falls on.
    func day(after span: TimeSpan) -> String {
        let (date, _) = civil(after: span)
        return date
    }

    /// `14:19 UTC`.
    func time(after span: TimeSpan) -> String {
        let (_, time) = civil(after: span)
        return time + " UTC"
    }

    /// `2026-12-01 14:00 UTC`.
    func dateTime(after span: TimeSpan) -> String {
        let (date, time) = civil(after: span)
        return date + " " + time + " UTC"
    }

    /// The date and the time of day a span after the start, whole minutes (seconds dropped, as
    /// a clock on the wall shows them).
    private func civil(after span: TimeSpan) -> (date: String, time: String) {
        let total = minutes + Int64(span.milliseconds).floorDivided(by: 60_000)
        let days = total.floorDivided(by: 1440)
        let minuteOfDay = total - days * 1440
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        return (
            Self.padded(year, 4) + "-" + Self.padded(month, 2) + "-" + Self.padded(day, 2),
            Self.padded(minuteOfDay / 60, 2) + ":" + Self.padded(minuteOfDay % 60, 2)
        )
    }

    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int64? {
        var value: Int64 = 0
        for byte in bytes[start..<start + count] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a Gregorian date: years counted from March, so the leap day
    /// ends the year (the usual civil-calendar arithmetic).
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = shiftedYear.floorDivided(by: 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysSinceEpoch`.
    static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = shifted.floorDivided(by: 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    /// Division rounding toward minus infinity (dates before 1970 count back whole days).
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
