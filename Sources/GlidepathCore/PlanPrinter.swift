import Plan
import Render
import Spec

/// `glidepath plan`: the rollout timeline for a terminal.
enum PlanPrinter {
    static func text(_ plan: MigrationPlan) -> String {
        let spec = plan.spec
        let names = plan.names
        let timeline = plan.timeline
        var out = "\(names.migration): \(spec.metadata.service.value) in \(names.namespace), "
        out += "\(spec.traffic.routing.value.rawValue) routing, \(spec.traffic.steps.count) steps\n\n"
        out += pad("time", 10) + pad("weight", 8) + "event\n"
        for entry in timeline.entries {
            out += pad("t+\(entry.start)", 10) + pad("\(entry.weight)%", 8) + describe(entry.event, plan) + "\n"
        }
        let holds = timeline.holdCount
        out += "\nrollout: \(timeline.automatedDuration) of pauses and analysis"
        out += holds > 0 ? " + \(holds) manual hold point\(holds == 1 ? "" : "s")\n" : "\n"
        out += "breach to stable (worst case): \(timeline.breachToStable)"
        out += " (detection \(timeline.detection) + abort \(Timeline.abortPropagation)); "
        out += "SLO tolerates \(spec.slo.errorRateFor), rollback target \(spec.cutover.rollbackTarget.value)\n"
        out += "rollback criterion: 5xx > \(percent(spec.slo.maxErrorRate.value)) for \(spec.slo.errorRateFor)\n"
        out += "soak \(spec.cutover.soak) after 100%; clean-up within \(spec.cutover.cleanupDeadline)\n"
        return out + gates(plan) + DataPlanPrinter.text(plan)
    }

    /// Each analysis metric: when it passes, and what it does when there is no data.
    private static func gates(_ plan: MigrationPlan) -> String {
        let analysis = plan.spec.traffic.analysis
        var out = "\nanalysis: gate '\(plan.names.analysisTemplate)' (\(analysis.count) measurements \(analysis.interval.value) apart, "
        out += "fails after \(analysis.failureLimit.value + 1) bad ones)"
        out += analysis.background ? "; watch '\(plan.names.watchTemplate)' from the first weight to 100%\n" : "; no background watch\n"
        let width = (plan.analysisMetrics.map(\.name.count).max() ?? 0) + 2
        for metric in plan.analysisMetrics {
            out += "  " + pad(metric.name, width) + GateWording.condition(metric) + "\n"
            out += "  " + pad("", width) + "no data: " + GateWording.noData(metric) + "\n"
        }
        if plan.analysisMetrics.contains(where: { $0.kind == .errorRate }) {
            out += "  " + GateWording.zeroErrors + "\n"
        }
        return out
    }

    private static func describe(_ event: Timeline.Event, _ plan: MigrationPlan) -> String {
        switch event {
        case .setWeight(let weight): "set canary weight to \(weight)%"
        case .pause(let span): "pause \(span)"
        case .analysis(let span):
            "analysis '\(plan.names.analysisTemplate)': \(plan.spec.traffic.analysis.count) measurements over \(span)"
        case .hold(let signOff):
            "HOLD until promoted" + (signOff.isEmpty ? "" : " (sign-off: " + signOff.joined(separator: ", ") + ")")
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    private static func percent(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + "%"
    }
}
