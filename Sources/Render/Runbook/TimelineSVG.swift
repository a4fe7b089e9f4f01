import Plan
import Units

/// The runbook's picture: canary weight over time as inline SVG, with each step's pauses,
/// analysis gates and manual holds, and the shadow traffic as a band above. Colours come from
/// presentation attributes (legible with no stylesheet) that the stylesheet overrides by class
/// for dark mode and print. No scripts and no style attributes, so it passes a strict CSP.
struct TimelineSVG {
    let plan: CheckedPlan

    private static let width = 960
    private static let height = 320
    private static let plotLeft = 56
    private static let plotRight = 944
    private static let plotTop = 56
    private static let plotBottom = 236

    /// One stretch of the picture inside a step.
    private enum Segment {
        case pause(TimeSpan)
        case analysis(TimeSpan)
        case hold([String])
        case settle
    }

    private struct Step {
        var weight: Int
        var start: TimeSpan
        var segments: [Segment] = []
    }

    var markup: Markup {
        let steps = Self.steps(plan.rollout)
        // Widths are worked out in Double: spans near the saturated maximum would overflow Int sums.
        let total = Double(max(plan.rollout.automatedDuration.milliseconds, 1))
        // Short stretches still get room to be seen. A hold is a marker, not time: it lasts as
        // long as the sign-off takes, so it takes no width.
        func units(_ segment: Segment) -> Double {
            switch segment {
            case .pause(let span), .analysis(let span): max(Double(span.milliseconds), total / 30)
            case .hold: 0
            case .settle: total / 14
            }
        }
        let allUnits = max(steps.flatMap(\.segments).map(units).reduce(0, +), 1)
        let plotWidth = Double(Self.plotRight - Self.plotLeft)
        func x(_ used: Double) -> Int { Self.plotLeft + Int(saturating: (plotWidth * used / allUnits).rounded(.down)) }
        func y(_ weight: Int) -> Int { Self.plotBottom - (Self.plotBottom - Self.plotTop) * weight / 100 }

        var children: [Markup.Node] = [
            .element(Markup("title", [("id", "timeline-title")], text: "Canary weight over time")),
            .element(Markup("desc", [("id", "timeline-desc")], text: description(steps))),
        ]
        children += grid().map(Markup.Node.element)
        var used = 0.0
        var line = "M\(Self.plotLeft) \(Self.plotBottom)"
        for step in steps {
            let stepLeft = x(used)
            var parts: [Markup.Node] = []
            var left = stepLeft
            for segment in step.segments {
                used += units(segment)
                let right = x(used)
                parts += mark(segment, left: left, right: right).map(Markup.Node.element)
                left = right
            }
            let top = y(step.weight)
            line += " H\(stepLeft) V\(top)"
            let area = Markup(
                "rect",
                [
                    ("class", "weight-area"), ("x", "\(stepLeft)"), ("y", "\(top)"), ("width", "\(max(left - stepLeft, 1))"),
                    ("height", "\(Self.plotBottom - top)"), ("fill", "#9ec5fe"), ("fill-opacity", "0.35"),
                ])
            // Above the line, except near the top, where gate labels run.
            let labelY = step.weight < 90 ? top - 6 : top + 16
            let label = Markup(
                "text",
                [
                    ("class", "weight-label"), ("x", "\(stepLeft + 4)"), ("y", "\(labelY)"), ("font-size", "14"), ("fill", "#0b3d91"),
                ], text: "\(step.weight)%")
            let time = Markup(
                "text",
                [
                    ("class", "time-label"), ("x", "\(stepLeft)"), ("y", "\(Self.plotBottom + 18)"), ("font-size", "12"), ("fill", "#444"),
                ], text: "t+\(step.start)")
            children.append(
                .element(
                    Markup(
                        "g", [("class", "step"), ("data-weight", "\(step.weight)")],
                        [.element(area)] + parts + [.element(label), .element(time)])))
        }
        line += " H\(Self.plotRight)"
        children.append(
            .element(
                Markup(
                    "path",
                    [
                        ("class", "weight-line"), ("d", line), ("fill", "none"), ("stroke", "#0b3d91"), ("stroke-width", "2.5"),
                    ])))
        if let mirror = mirrorBand() { children.append(.element(mirror)) }
        children.append(.element(legend()))
        return Markup(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("class", "timeline"), ("viewBox", "0 0 \(Self.width) \(Self.height)"),
                ("role", "img"), ("aria-labelledby", "timeline-title timeline-desc"),
            ], children)
    }

    /// Each canary step's stretches: its pause, its gate, its hold.
    private static func steps(_ rollout: RolloutPlan) -> [Step] {
        rollout.steps.map { step in
            var segments: [Segment] = []
            if let pause = step.pause { segments.append(.pause(pause)) }
            if let gate = step.gate { segments.append(.analysis(gate)) }
            if let hold = step.hold { segments.append(.hold(hold.signOff)) }
            return Step(weight: step.weight, start: step.start, segments: segments.isEmpty ? [.settle] : segments)
        }
    }

    private func mark(_ segment: Segment, left: Int, right: Int) -> [Markup] {
        let width = "\(max(right - left, 1))"
        let band = "\(Self.plotBottom - Self.plotTop)"
        switch segment {
        case .pause, .settle:
            return []
        case .analysis(let span):
            return [
                Markup(
                    "rect",
                    [
                        ("class", "gate"), ("x", "\(left)"), ("y", "\(Self.plotTop)"), ("width", width),
                        ("height", band), ("fill", "#2e7d32"), ("fill-opacity", "0.18"),
                    ]),
                // Above the plot: never on the weight line, whatever the weight.
                Markup(
                    "text",
                    [
                        ("class", "gate-label"), ("x", "\(left + 2)"), ("y", "\(Self.plotTop - 6)"),
                        ("font-size", "11"), ("fill", "#1b5e20"),
                    ], text: "gate \(span)"),
            ]
        case .hold(let signOff):
            return [
                Markup(
                    "line",
                    [
                        ("class", "hold-line"), ("x1", "\(left)"), ("x2", "\(left)"), ("y1", "\(Self.plotTop)"),
                        ("y2", "\(Self.plotBottom)"), ("stroke", "#b26a00"), ("stroke-width", "2"), ("stroke-dasharray", "4 3"),
                    ]),
                Markup(
                    "path",
                    [
                        ("class", "hold"), ("d", "M\(left) \(Self.plotBottom + 22) l7 8 l-7 8 l-7 -8 z"), ("fill", "#b26a00"),
                    ],
                    [
                        .element(
                            Markup(
                                "title", [],
                                text: "Manual hold: "
                                    + (signOff.isEmpty ? "promote to continue" : "sign-off by " + signOff.joined(separator: ", "))))
                    ]),
                Markup(
                    "text",
                    [
                        ("class", "hold-label"), ("x", "\(left + 10)"), ("y", "\(Self.plotBottom + 34)"),
                        ("font-size", "11"), ("fill", "#7a4a00"),
                    ], text: "hold"),
            ]
        }
    }

    private func grid() -> [Markup] {
        [0, 25, 50, 75, 100].flatMap { weight -> [Markup] in
            let y = Self.plotBottom - (Self.plotBottom - Self.plotTop) * weight / 100
            return [
                Markup(
                    "line",
                    [
                        ("class", "grid"), ("x1", "\(Self.plotLeft)"), ("x2", "\(Self.plotRight)"), ("y1", "\(y)"),
                        ("y2", "\(y)"), ("stroke", "#ccc"), ("stroke-width", "1"),
                    ]),
                Markup(
                    "text",
                    [
                        ("class", "axis-label"), ("x", "\(Self.plotLeft - 8)"), ("y", "\(y + 4)"), ("font-size", "12"),
                        ("text-anchor", "end"), ("fill", "#444"),
                    ], text: "\(weight)%"),
            ]
        }
    }

    private func mirrorBand() -> Markup? {
        guard let mirror = plan.routing.mirror else { return nil }
        let methods = mirror.methods.map { " of " + $0.joined(separator: ", ") } ?? " of all requests"
        return Markup(
            "g", [("class", "mirror")],
            [
                .element(
                    Markup(
                        "rect",
                        [
                            ("x", "\(Self.plotLeft)"), ("y", "14"), ("width", "\(Self.plotRight - Self.plotLeft)"),
                            ("height", "22"), ("fill", "#6a1b9a"), ("fill-opacity", "0.15"),
                        ])),
                .element(
                    Markup(
                        "text", [("x", "\(Self.plotLeft + 6)"), ("y", "30"), ("font-size", "12"), ("fill", "#4a148c")],
                        text: "shadow traffic: \(Percent.text(mirror.percent))\(methods) copied to \(mirror.host), responses discarded")),
            ])
    }

    private func legend() -> Markup {
        let items: [(String, String, String)] = [
            ("weight-area", "#9ec5fe", "canary weight"), ("gate", "#2e7d32", "analysis gate"),
            ("hold", "#b26a00", "manual hold (a marker: waits for sign-off)"),
        ]
        var children: [Markup.Node] = []
        for (index, item) in items.enumerated() {
            let x = Self.plotLeft + index * 220
            children.append(
                .element(
                    Markup(
                        "rect",
                        [
                            ("class", "swatch " + item.0), ("x", "\(x)"), ("y", "\(Self.height - 26)"),
                            ("width", "14"), ("height", "14"), ("fill", item.1), ("fill-opacity", "0.5"),
                        ])))
            children.append(
                .element(
                    Markup(
                        "text",
                        [
                            ("class", "legend-label"), ("x", "\(x + 20)"), ("y", "\(Self.height - 14)"),
                            ("font-size", "12"), ("fill", "#444"),
                        ], text: item.2)))
        }
        return Markup("g", [("class", "legend")], children)
    }

    /// The picture in words, for screen readers and for anyone without SVG.
    private func description(_ steps: [Step]) -> String {
        let parts = steps.map { step -> String in
            var part = "\(step.weight)% at t+\(step.start)"
            for segment in step.segments {
                switch segment {
                case .pause(let span): part += ", pause \(span)"
                case .analysis(let span): part += ", analysis gate \(span)"
                case .hold: part += ", manual hold"
                case .settle: break
                }
            }
            return part
        }
        return "Canary steps: " + parts.joined(separator: "; ") + "."
    }
}
