import Plan
import Spec

extension Planner {
    /// Every derived name, in one place: `<service>-slo`, `<service>-canary`, the routes, labels.
    static func names(_ spec: MigrationSpec) -> Names {
        let service = spec.metadata.service.value
        let traffic = spec.traffic
        let stableService: String
        let canaryService: String
        let canaryLabel: String
        let destinationRules: [(name: String, host: String)]
        switch traffic.routing.value {
        case .host:
            stableService = traffic.stableService?.value ?? service + "-stable"
            canaryService = traffic.canaryService?.value ?? service + "-canary"
            destinationRules = [(stableService, stableService), (canaryService, canaryService)]
            canaryLabel = spec.prometheus.canaryLabel?.value ?? spec.prometheus.serviceLabel
        case .subset:
            stableService = service
            canaryService = service
            destinationRules = [(service, service)]
            canaryLabel = spec.prometheus.canaryLabel?.value ?? Names.podTemplateHashLabel
        }
        return Names(
            migration: spec.metadata.name.value, namespace: spec.metadata.namespace.value, rollout: service,
            analysisTemplate: service + "-slo", watchTemplate: service + "-slo-watch", virtualService: service,
            stableService: stableService, canaryService: canaryService, destinationRules: destinationRules,
            hosts: traffic.hosts?.map(\.value) ?? [service], route: traffic.route,
            mirroredRoute: traffic.mirror?.methods == nil ? nil : traffic.route + "-mirrored",
            stableSubset: "stable", canarySubset: "canary", canaryLabel: canaryLabel,
            selectsByService: canaryLabel == spec.prometheus.serviceLabel,
            selectorLabels: spec.workload.labels.isEmpty ? [("app", service)] : spec.workload.labels,
            containerName: spec.workload.template?.containerName?.value ?? service,
            flagObject: spec.metadata.name.value + "-flags", serviceEntry: service + "-legacy", legacyBridge: service + "-legacy-bridge",
            // 52 characters for a CronJob, less "-rollback-expand" (16) and a hash's "-12345678" (9).
            dataJobPrefix: String(spec.metadata.name.value.prefix(27)).trimmingSuffix("-"))
    }
}

extension String {
    fileprivate func trimmingSuffix(_ character: Character) -> String {
        var text = self
        while text.last == character { text.removeLast() }
        return text
    }
}
