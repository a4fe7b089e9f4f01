import Foundation
import Plan
import TestSupport

/// The situations every gate must judge right, and what Argo Rollouts must conclude in each.
enum GateScenario: String, CaseIterable {
    case healthyWithoutErrors = "healthy, no 5xx series at all"
    case errorsAtATenth = "5xx at a tenth of the bound"
    case errorsAtThreeTimes = "5xx at 3x the bound"
    case slow = "latency at 2x the bound"
    case slowerThanStable = "latency over the allowed increase"
    case customFailing = "custom metrics breached"
    case noCanaryTraffic = "no canary traffic"
    case idleCanary = "canary series, no requests"
    case noStableTraffic = "no stable traffic"

    /// What the run must come to, given the plan's metrics; nil when the scenario does not
    /// apply to this plan (no absolute latency bound, no custom metric, ...).
    func expectation(_ metrics: [AnalysisMetric]) -> Expectation? {
        let latencyBounds = metrics.filter { if case .latency = $0.kind { true } else { false } }
        let increases = metrics.filter(\.needsStableTraffic)
        let customs = metrics.filter { if case .custom = $0.kind { true } else { false } }
        switch self {
        case .healthyWithoutErrors, .errorsAtATenth:
            return Expectation(gate: .successful, watch: .noFailure, failingMetrics: [])
        case .errorsAtThreeTimes:
            return Expectation(gate: .failed, watch: .failed, failingMetrics: ["error-rate"])
        case .slow:
            guard !latencyBounds.isEmpty else { return nil }
            return Expectation(gate: .failed, watch: .failed, failingMetrics: latencyBounds.map(\.name))
        case .slowerThanStable:
            guard !increases.isEmpty else { return nil }
            return Expectation(gate: .failed, watch: .failed, failingMetrics: increases.map(\.name))
        case .customFailing:
            guard !customs.isEmpty else { return nil }
            let watched = customs.filter { $0.watch != nil }
            return Expectation(gate: .failed, watch: watched.isEmpty ? .noFailure : .failed, failingMetrics: customs.map(\.name))
        case .noCanaryTraffic, .idleCanary:
            return Expectation(gate: .notSuccessful, watch: .noFailure, failingMetrics: [])
        case .noStableTraffic:
            return Expectation(gate: increases.isEmpty ? .successful : .notSuccessful, watch: .noFailure, failingMetrics: [])
        }
    }

    struct Expectation {
        enum Gate { case successful, failed, notSuccessful }
        enum Watch { case noFailure, failed }
        var gate: Gate
        var watch: Watch
        /// Metrics that must end Failed at the gate.
        var failingMetrics: [String]
    }
}

/// Builds each scenario's series for one plan: the requests counter (by status) and the
/// latency histogram for the canary and stable sides, told apart by the plan's canary label,
/// with the spec's extra labels; custom metrics get series from `CustomMetricSeries`.
struct ScenarioSeries {
    let plan: CheckedPlan
    /// Values of the canary label: Service names, or the fixed pod template hashes.
    let canary: String
    let stable: String

    static let canaryHash = "7d9f6c5b8a"
    static let stableHash = "5c4b3a2d1e"

    init(plan: CheckedPlan) {
        self.plan = plan
        canary = plan.names.selectsByService ? plan.names.canaryService : Self.canaryHash
        stable = plan.names.selectsByService ? plan.names.stableService : Self.stableHash
    }

    struct Side {
        var requestsPerSecond: Double
        var errorShare: Double
        var latency: Double
        /// Series exist but nothing moves (pods up, no requests).
        var idle = false
    }

    func series(_ scenario: GateScenario) throws -> [SyntheticSeries] {
        let metrics = plan.analysis.metrics
        let errorBound = metrics.first { $0.kind == .errorRate }?.bound ?? 0.01
        let absolute = metrics.compactMap { if case .latency = $0.kind { $0.bound } else { nil } }.min()
        let increase = metrics.compactMap { if case .latencyIncrease = $0.kind { $0.bound } else { nil } }.max()
        let healthyLatency = LatencyBuckets.atMost(min(absolute ?? 1, 1) / 4)
        let rate = max(0.05, (plan.profile?.peakRPS ?? 200) * 0.05)
        let stableSide = Side(requestsPerSecond: rate * 19, errorShare: 0, latency: healthyLatency)
        var canarySide = Side(requestsPerSecond: rate, errorShare: 0, latency: healthyLatency)
        var sides: [(String, Side)] = []
        switch scenario {
        case .healthyWithoutErrors, .customFailing:
            break
        case .errorsAtATenth:
            canarySide.errorShare = errorBound / 10
        case .errorsAtThreeTimes:
            canarySide.errorShare = errorBound * 3
        case .slow:
            canarySide.latency = LatencyBuckets.atLeast((absolute ?? 1) * 2)
        case .slowerThanStable:
            canarySide.latency = LatencyBuckets.atLeast(healthyLatency * (increase ?? 2) * 2)
        case .noCanaryTraffic, .noStableTraffic:
            break
        case .idleCanary:
            canarySide.idle = true
        }
        if scenario != .noCanaryTraffic { sides.append((canary, canarySide)) }
        if scenario != .noStableTraffic { sides.append((stable, stableSide)) }
        var series = sides.flatMap { side(value: $0.0, $0.1) }
        for metric in metrics {
            guard case .custom = metric.kind else { continue }
            guard let custom = CustomMetricSeries.known[metric.name] else {
                throw HarnessError("no synthetic series for custom metric '\(metric.name)': add it to CustomMetricSeries")
            }
            if scenario == .noCanaryTraffic || scenario == .idleCanary { continue }
            series += custom(canary, scenario == .customFailing)
        }
        return series
    }

    private func side(value: String, _ side: Side) -> [SyntheticSeries] {
        let prometheus = plan.prometheus
        let labels =
            [SyntheticSeries.Label(name: plan.names.canaryLabel, value: value)]
            + prometheus.extraMatchers.map { .init(name: $0.key, value: $0.value) }
        let rate = side.idle ? 0 : side.requestsPerSecond
        var series = [
            SyntheticSeries(
                name: prometheus.requestsMetric, labels: labels + [.init(name: prometheus.statusLabel, value: "200")],
                shape: .counter(perSecond: rate * (1 - side.errorShare)))
        ]
        if side.errorShare > 0 {
            series.append(
                SyntheticSeries(
                    name: prometheus.requestsMetric, labels: labels + [.init(name: prometheus.statusLabel, value: "503")],
                    shape: .counter(perSecond: rate * side.errorShare)))
        }
        return series + LatencyBuckets.series(prometheus.durationMetric, labels: labels, requestsPerSecond: rate, latency: side.latency)
    }
}

/// Series for the custom metrics of the examples and the gate fixtures, healthy or breached,
/// on the canary's label value.
enum CustomMetricSeries {
    typealias Builder = @Sendable (_ canary: String, _ breached: Bool) -> [SyntheticSeries]

    static let known: [String: Builder] = [
        "checkout-success": { canary, breached in
            let label = SyntheticSeries.Label(name: "service", value: canary)
            return [
                SyntheticSeries(
                    name: "checkout_total", labels: [label, .init(name: "result", value: "success")],
                    shape: .counter(perSecond: breached ? 9 : 9.95)),
                SyntheticSeries(
                    name: "checkout_total", labels: [label, .init(name: "result", value: "failure")],
                    shape: .counter(perSecond: breached ? 1 : 0.05)),
            ]
        },
        "queue-backlog": { canary, breached in
            [SyntheticSeries(name: "queue_depth", labels: [.init(name: "service", value: canary)], shape: .gauge(breached ? 5000 : 12))]
        },
        "payment-errors": { canary, breached in
            let label = SyntheticSeries.Label(name: "service", value: canary)
            return [
                SyntheticSeries(
                    name: "payments_total", labels: [label, .init(name: "outcome", value: "ok")],
                    shape: .counter(perSecond: breached ? 8 : 9.995)),
                SyntheticSeries(
                    name: "payments_total", labels: [label, .init(name: "outcome", value: "error")],
                    shape: .counter(perSecond: breached ? 2 : 0.005)),
            ]
        },
        "cpu-saturation": { canary, breached in
            [
                SyntheticSeries(
                    name: "container_cpu_saturation", labels: [.init(name: "service", value: canary)],
                    shape: .gauge(breached ? 0.99 : 0.4))
            ]
        },
    ]
}
