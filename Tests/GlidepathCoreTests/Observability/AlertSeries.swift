import Foundation
import Plan
import TestSupport

/// Series for `promtool test rules`, one sample per scrape interval of the spec (so a query
/// window of two scrapes sees two samples, as Prometheus would): the requests counter (by
/// status) and the latency histogram of the canary and stable sides, labelled as the plan's
/// selectors expect, with a healthy first part and, from `breachAt` (minutes), whatever the
/// scenario breaks.
struct AlertSeries {
    let plan: CheckedPlan
    /// Samples over 0...minutes.
    let minutes: Int
    let breachAt: Int

    /// Seconds between samples: the spec's scrape interval, whole seconds from 1 to 60.
    var step: Int { min(max(Int(plan.prometheus.scrapeInterval.seconds.rounded()), 1), 60) }
    private var sampleCount: Int { minutes * 60 / step }
    private func minute(ofSample index: Int) -> Int { index * step / 60 }

    struct Side {
        var requestsPerSecond: Double
        var errorShare = 0.0
        var latency: Double
        var idle = false
    }

    /// What one side does before and after the breach.
    struct Course {
        var before: Side
        var after: Side
    }

    /// One input series: its selector text and its values, as promtool's `input_series` takes them.
    struct Input {
        var series: String
        var values: [Double]

        var json: [String: String] {
            ["series": series, "values": values.map(PlainNumber.text).joined(separator: " ")]
        }
    }

    var healthyLatency: Double {
        let absolute = plan.analysis.metrics.compactMap { if case .latency = $0.kind { $0.bound } else { nil } }.min()
        return LatencyBuckets.atMost(min(absolute ?? 1, 1) / 4)
    }

    var canaryRate: Double { max(0.05, (plan.profile?.peakRPS ?? 200) * 0.05) }

    var healthyCanary: Side { Side(requestsPerSecond: canaryRate, latency: healthyLatency) }
    var healthyStable: Side { Side(requestsPerSecond: canaryRate * 19, latency: healthyLatency) }

    /// The labels of one side: the Service it is reached through, or the Service and the pod
    /// template hash that tells the two versions apart, plus the spec's extra matchers.
    func labels(canary: Bool) -> [(String, String)] {
        let names = plan.names
        let prometheus = plan.prometheus
        var labels: [(String, String)] = [(prometheus.serviceLabel, canary ? names.canaryService : names.stableService)]
        if !names.selectsByService {
            labels.append((names.canaryLabel, canary ? ScenarioSeries.canaryHash : ScenarioSeries.stableHash))
        }
        for (key, value) in prometheus.extraMatchers where !labels.contains(where: { $0.0 == key }) {
            labels.append((key, value))
        }
        return labels
    }

    /// The requests counter and latency histogram of one side over its course.
    func side(canary: Bool, _ course: Course) -> [Input] {
        let prometheus = plan.prometheus
        let labels = labels(canary: canary)
        func at(_ minute: Int) -> Side { minute < breachAt ? course.before : course.after }
        func rate(_ minute: Int) -> Double { at(minute).idle ? 0 : at(minute).requestsPerSecond }
        var inputs = [
            counter(prometheus.requestsMetric, labels + [(prometheus.statusLabel, "200")]) { rate($0) * (1 - at($0).errorShare) }
        ]
        if course.before.errorShare > 0 || course.after.errorShare > 0 {
            inputs.append(counter(prometheus.requestsMetric, labels + [(prometheus.statusLabel, "503")]) { rate($0) * at($0).errorShare })
        }
        for bound in LatencyBuckets.bounds {
            inputs.append(
                counter(prometheus.durationMetric, labels + [("le", PlainNumber.text(bound))]) { at($0).latency <= bound ? rate($0) : 0 })
        }
        inputs.append(counter(prometheus.durationMetric, labels + [("le", "+Inf")]) { rate($0) })
        return inputs
    }

    /// A custom metric's series: the gate tests' healthy shape before the breach, the breached one after.
    func custom(_ metric: AnalysisMetric) throws -> [Input] {
        guard let builder = CustomMetricSeries.known[metric.name] else {
            throw HarnessError("no synthetic series for custom metric '\(metric.name)': add it to CustomMetricSeries")
        }
        let value = labels(canary: true)[0].1
        let healthy = builder(value, false)
        let breached = Dictionary(builder(value, true).map { ($0.identity, $0) }, uniquingKeysWith: { first, _ in first })
        return healthy.map { series in
            let after = breached[series.identity]?.shape ?? series.shape
            var total = 0.0
            let values = (0...sampleCount).map { index -> Double in
                switch minute(ofSample: index) < breachAt ? series.shape : after {
                case .gauge(let value): return value
                case .counter(let perSecond):
                    defer { total += perSecond * Double(step) }
                    return total
                }
            }
            return Input(series: series.identity, values: values)
        }
    }

    /// A counter growing by `perSecond(minute)` over each sample interval.
    private func counter(_ name: String, _ labels: [(String, String)], perSecond: (Int) -> Double) -> Input {
        var total = 0.0
        var values: [Double] = []
        for index in 0...sampleCount {
            values.append((total * 1000).rounded() / 1000)
            total += perSecond(minute(ofSample: index)) * Double(step)
        }
        let selector = name + "{" + labels.map { "\($0.0)=\"\(SyntheticSeries.escape($0.1))\"" }.joined(separator: ",") + "}"
        return Input(series: selector, values: values)
    }
}
