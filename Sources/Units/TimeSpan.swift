/// A duration from the spec, kept in whole milliseconds so arithmetic and output are exact.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var milliseconds: Int

    public init(milliseconds: Int) { self.milliseconds = milliseconds }
    public static func seconds(_ value: Int) -> TimeSpan { TimeSpan(milliseconds: value * 1000) }

    public var seconds: Double { Double(milliseconds) / 1000 }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.milliseconds < rhs.milliseconds }
    /// Saturating, so an absurd spec (thousands of week-long pauses) yields a huge plan, not a trap.
    public static func + (lhs: TimeSpan, rhs: TimeSpan) -> TimeSpan {
        let (sum, overflow) = lhs.milliseconds.addingReportingOverflow(rhs.milliseconds)
        return TimeSpan(milliseconds: overflow ? .max : sum)
    }

    public static func * (lhs: TimeSpan, rhs: Int) -> TimeSpan {
        let (product, overflow) = lhs.milliseconds.multipliedReportingOverflow(by: rhs)
        return TimeSpan(milliseconds: overflow ? .max : product)
    }
    public static let zero = TimeSpan(milliseconds: 0)

    private static let units: [(suffix: String, milliseconds: Int)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1),
    ]

    /// Parses `90s`, `2m`, `1h30m`, `500ms`, `1.5s`, `3d`; nil for anything else.
    public static func parse(_ text: String) -> TimeSpan? {
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isASCII && $0.isLetter }
            guard let scale = units.first(where: { $0.suffix == unit })?.milliseconds else { return nil }
            rest = rest.dropFirst(unit.count)
            total += value * Double(scale)
        }
        guard total < 1e15 else { return nil }
        return TimeSpan(milliseconds: Int(total.rounded()))
    }

    /// The shortest form with units up to days, e.g. `1h30m`, `500ms`, `7d`: for people.
    public var description: String { format(units: Self.units) }

    /// A Go `time.ParseDuration` string (hours at most), as Argo Rollouts and Istio read.
    public var goDuration: String { format(units: Array(Self.units.dropFirst())) }

    private func format(units: [(suffix: String, milliseconds: Int)]) -> String {
        guard milliseconds > 0 else { return "0s" }
        var rest = milliseconds
        var out = ""
        for (suffix, scale) in units where rest >= scale {
            out += "\(rest / scale)\(suffix)"
            rest %= scale
        }
        return out
    }
}
