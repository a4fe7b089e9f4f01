import Diagnostics
import Plan
import Spec

/// The analysis must measure the pods the routing sends canary traffic to.
enum RoutingConsistencyCheck: Check {
    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics) {
        let spec = context.spec
        let names = context.names
        let prometheus = spec.prometheus
        if spec.traffic.routing.value == .subset, names.canaryLabel == prometheus.serviceLabel {
            diagnostics.append(
                CheckMessages.subsetRoutingSelectsByService(
                    label: names.canaryLabel, service: names.stableService,
                    at: prometheus.canaryLabel?.range ?? spec.traffic.routing.range))
        }
    }
}
