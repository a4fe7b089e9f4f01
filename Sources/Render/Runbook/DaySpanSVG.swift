import Plan
import Units

/// The migration on a day scale, beside the minute-scale timeline: the expand phase and the
/// rollout on day 0, the soak, the point of no return (or a contract with none) and the clean-up deadline.
/// Dates come from the cutover window when the spec gives one.
struct DaySpanSVG {
    let plan: CheckedPlan
    let start: CutoverStart?

    private static let width = 960
    private static let left = 170
    private static let right = 930
    private static let rowHeight = 30
    private static let top = 34

    private struct Row {
        var label: String
        var from: Double
        var to: Double
        var kind: String
        var colour: String
    }

    var markup: Markup {
        let day = 86_400_000.0
        let rollout = Double(plan.rollout.automatedDuration.milliseconds) / day
        let soakEnd = rollout + Double(plan.cutover.soak.milliseconds) / day
        let cleanup = rollout + Double(plan.cutover.cleanupDeadline.milliseconds) / day
        var rows: [Row] = []
        if let data = plan.data, data.phase(.expand) != nil || data.backfill != nil {
            rows.append(Row(label: "expand and backfill", from: 0, to: 0, kind: "expand", colour: "#6a1b9a"))
        }
        rows.append(Row(label: "canary rollout", from: 0, to: rollout, kind: "rollout", colour: "#0b3d91"))
        rows.append(Row(label: "soak at 100%", from: rollout, to: soakEnd, kind: "soak", colour: "#2e7d32"))
        if plan.pointOfNoReturn != nil {
            rows.append(Row(label: "point of no return", from: soakEnd, to: soakEnd, kind: "contract", colour: "#b71c1c"))
        } else if plan.data?.phase(.contract) != nil {
            rows.append(Row(label: "contract", from: soakEnd, to: soakEnd, kind: "contract", colour: "#6a1b9a"))
        }
        rows.append(Row(label: "clean-up done", from: cleanup, to: cleanup, kind: "cleanup", colour: "#444"))

        // Whole days, capped so an absurd span still draws a readable axis.
        let days = Int(min(max((rows.map(\.to).max() ?? 1).rounded(.up), 1), 3650))
        let plot = Double(Self.right - Self.left)
        func x(_ value: Double) -> Int { Self.left + Int((plot * min(value, Double(days)) / Double(days)).rounded()) }
        let height = Self.top + rows.count * Self.rowHeight + 40
        let axisY = Self.top + rows.count * Self.rowHeight + 6

        var children: [Markup.Node] = [
            .element(Markup("title", [("id", "days-title")], text: "The migration in days")),
            .element(Markup("desc", [("id", "days-desc")], text: description(rows))),
        ]
        let step = max(1, days / 10)
        for tick in stride(from: 0, through: days, by: step) {
            let position = x(Double(tick))
            children.append(
                .element(
                    Markup(
                        "line",
                        [
                            ("class", "grid"), ("x1", "\(position)"), ("x2", "\(position)"), ("y1", "\(Self.top - 6)"),
                            ("y2", "\(axisY)"), ("stroke", "#ccc"), ("stroke-width", "1"),
                        ])))
            children.append(
                .element(
                    Markup(
                        "text",
                        [
                            ("class", "time-label"), ("x", "\(position)"), ("y", "\(axisY + 16)"), ("font-size", "12"),
                            ("text-anchor", "middle"), ("fill", "#444"),
                        ], text: dayLabel(tick))))
        }
        for (index, row) in rows.enumerated() {
            let y = Self.top + index * Self.rowHeight
            children.append(
                .element(
                    Markup(
                        "text",
                        [
                            ("class", "axis-label"), ("x", "\(Self.left - 10)"), ("y", "\(y + 15)"), ("font-size", "12"),
                            ("text-anchor", "end"), ("fill", "#444"),
                        ], text: row.label)))
            let from = x(row.from)
            if row.to > row.from {
                children.append(
                    .element(
                        Markup(
                            "rect",
                            [
                                ("class", "span " + row.kind), ("x", "\(from)"), ("y", "\(y + 4)"),
                                ("width", "\(max(x(row.to) - from, 3))"), ("height", "16"), ("fill", row.colour),
                                ("fill-opacity", "0.6"),
                            ])))
            } else {
                // An event, not a stretch of time: a diamond.
                children.append(
                    .element(
                        Markup(
                            "path",
                            [
                                ("class", "event " + row.kind),
                                ("d", "M\(from) \(y + 2) l8 10 l-8 10 l-8 -10 z"), ("fill", row.colour),
                            ])))
            }
        }
        return Markup(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("class", "days"), ("viewBox", "0 0 \(Self.width) \(height)"),
                ("role", "img"), ("aria-labelledby", "days-title days-desc"),
            ], children)
    }

    private func dayLabel(_ day: Int) -> String {
        guard let start else { return "day \(day)" }
        let date = start.day(after: TimeSpan(milliseconds: day.multipliedReportingOverflow(by: 86_400_000).partialValue))
        return String(date.dropFirst(5))
    }

    private func description(_ rows: [Row]) -> String {
        let parts = rows.map { row -> String in
            let at = row.to > row.from ? "from day \(Self.days(row.from)) to day \(Self.days(row.to))" : "on day \(Self.days(row.from))"
            return "\(row.label) \(at)"
        }
        return "The migration in days" + (start.map { " from \($0.day(after: .zero))" } ?? "") + ": " + parts.joined(separator: "; ") + "."
    }

    private static func days(_ value: Double) -> String {
        PlainDecimal.text((value * 10).rounded() / 10)
    }
}
