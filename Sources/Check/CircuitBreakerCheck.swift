import Diagnostics
import Spec

/// Circuit breaking and retries act before the analysis sees anything: they can hide exactly
/// the failures the gates are there to catch.
enum CircuitBreakerCheck: Check {
    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics) {
        let spec = context.spec
        let replicas = spec.workload.replicas.value
        if let first = spec.traffic.steps.first {
            // Argo Rollouts scales the canary to ceil(replicas x weight) pods.
            let canaryPods = Int((Double(replicas) * Double(first.weight.value) / 100).rounded(.up))
            let outlier = spec.traffic.outlierDetection
            if canaryPods <= 1, outlier.minHealthPercent == 0 {
                diagnostics.append(
                    CheckMessages.outlierEjectsOnlyCanary(
                        outlier, weight: first.weight, replicas: replicas, errorsMetric: spec.prometheus.requestsMetric))
            }
        }
        if let retries = spec.traffic.retries, retries.attempts.value > 0 {
            let conditions = retries.retryOn.value.split(separator: ",").map { $0.trimmingPrefix(" ") }
            let hiding = conditions.filter { ["5xx", "gateway-error", "retriable-status-codes"].contains(String($0)) }
            if let condition = hiding.first {
                diagnostics.append(CheckMessages.retriesHideErrors(retries, condition: String(condition)))
            }
        }
    }
}
