import Foundation
import Testing
import Units

@testable import Render

/// The cutover window's dates are counted by arithmetic; Foundation's Gregorian calendar in
/// UTC is the reference they must agree with, day by day and across leap years and centuries.
@Suite struct CutoverStartTests {
    static let utc: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter
    }()

    @Test func everyDayAgreesWithFoundation() throws {
        // 1899-12-31 to 2401-03-01: both sides of 1900 (not leap), 2000 (leap) and 2400 (leap).
        let first = CutoverStart.daysSinceEpoch(year: 1899, month: 12, day: 31)
        let last = CutoverStart.daysSinceEpoch(year: 2401, month: 3, day: 1)
        for days in stride(from: first, through: last, by: 1) {
            let (year, month, day) = CutoverStart.civilDate(daysSinceEpoch: days)
            #expect(CutoverStart.daysSinceEpoch(year: year, month: month, day: day) == days)
            if days % 37 == 0 || (month == 2 && day >= 28) || (month == 3 && day == 1) {
                let reference = Self.utc.string(from: Date(timeIntervalSince1970: Double(days) * 86_400))
                let text = String(format: "%04d-%02d-%02d 00:00", Int(year), Int(month), Int(day))
                #expect(text == reference, "day \(days)")
            }
        }
    }

    @Test func spansAfterTheStartMatchFoundation() throws {
        let start = try #require(CutoverStart("2026-12-31 23:30 UTC"))
        #expect(start.hasTime)
        let base = try #require(Self.utc.date(from: "2026-12-31 23:30"))
        for minutes in [0, 1, 29, 30, 31, 59, 61, 1440, 60 * 24 * 59, 60 * 24 * 366 + 7] {
            let span = TimeSpan(milliseconds: minutes * 60_000 + 59_999)
            let reference = Self.utc.string(from: base.addingTimeInterval(Double(minutes * 60) + 59.999))
            #expect(start.dateTime(after: span) == reference + " UTC")
            #expect(start.day(after: span) == String(reference.prefix(10)))
            #expect(start.time(after: span) == String(reference.suffix(5)) + " UTC")
        }
    }

    @Test func acceptsTheDocumentedFormsOnly() {
        #expect(CutoverStart("2026-12-01 14:00 UTC")?.dateTime(after: .zero) == "2026-12-01 14:00 UTC")
        #expect(CutoverStart("2026-12-01T14:00Z")?.dateTime(after: .zero) == "2026-12-01 14:00 UTC")
        #expect(CutoverStart(" 2026-12-01 ")?.hasTime == false)
        #expect(CutoverStart("2024-02-29")?.day(after: .zero) == "2024-02-29")
        for text in ["2026-02-29", "2026-13-01", "2026-12-01 24:00", "2026-12-01 14:60", "Tuesday", "2026-12-01 14:00 CET", "", "2026-1-1"]
        {
            #expect(CutoverStart(text) == nil, "\(text)")
        }
        #expect(CutoverStart(nil) == nil)
    }
}
