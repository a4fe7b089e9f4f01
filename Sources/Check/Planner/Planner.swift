import Diagnostics
import Plan
import Spec
import Units

/// Derives the checked plan from a decoded spec: every fact the back ends need, worked out
/// once. The checker runs it before the semantic checks (some of them judge derived facts,
/// such as names and timing) and hands the plan out only when no check found an error.
enum Planner {
    static func plan(_ spec: MigrationSpec, origin: SpecOrigin) -> CheckedPlan {
        let names = names(spec)
        let flags = flags(spec, names: names)
        let analysis = analysis(spec)
        let rollout = rollout(spec, analysis: analysis)
        let data = spec.data.map { dataWork($0, spec: spec, flags: flags) }
        let commands = OperatorCommands(names: names)
        return CheckedPlan(
            origin: origin, migration: identity(spec.metadata, names: names), names: names, objectives: objectives(spec.slo),
            profile: spec.profile.map {
                TrafficProfile(
                    peakRPS: $0.peakRPS.value, writeShare: $0.writeShare,
                    longLivedConnections: $0.longLivedConnections, stickySessions: $0.stickySessions)
            },
            prometheus: PrometheusPlan(
                address: spec.prometheus.address, requestsMetric: spec.prometheus.requestsMetric,
                durationMetric: spec.prometheus.durationMetric, serviceLabel: spec.prometheus.serviceLabel,
                statusLabel: spec.prometheus.statusLabel, extraMatchers: spec.prometheus.extraMatchers.map { ($0.key, $0.value.value) },
                scrapeInterval: spec.prometheus.scrapeInterval),
            analysis: analysis, routing: routing(spec), workload: workload(spec.workload), rollout: rollout, flags: flags,
            data: data, schedule: schedule(data: data, flags: flags), cutover: cutover(spec.cutover), commands: commands,
            wayBack: wayBack(rollout: rollout, data: data, flags: flags, commands: commands),
            observability: observability(spec, names: names, analysis: analysis))
    }

    private static func identity(_ metadata: MigrationMetadata, names: Names) -> MigrationIdentity {
        func base(_ url: String?) -> String? {
            guard var url else { return nil }
            while url.hasSuffix("/") { url.removeLast() }
            return url
        }
        return MigrationIdentity(
            name: metadata.name.value, service: metadata.service.value, namespace: metadata.namespace.value,
            owners: metadata.owners, summary: metadata.summary,
            status: MigrationIdentity.Status(rawValue: metadata.status) ?? .planned, risk: metadata.risk,
            ticket: metadata.ticket, dashboards: metadata.dashboards, docs: metadata.docs,
            // The Argo CD UI's application page; the Rollouts dashboard's route is
            // /rollout/:namespace/:name under its base (argo-rollouts ui/src/app/App.tsx).
            argocdApplication: base(metadata.argocd).map { "\($0)/applications/\(names.migration)" },
            rolloutDashboard: base(metadata.rollouts).map { "\($0)/rollout/\(names.namespace)/\(names.rollout)" })
    }

    private static func objectives(_ slo: Spec.ServiceObjectives) -> Plan.ServiceObjectives {
        Plan.ServiceObjectives(
            availability: slo.availability.value, maxErrorRate: slo.maxErrorRate.value, errorRateFor: slo.errorRateFor,
            latency: [slo.p95, slo.p99].compactMap { $0 }.map { bound in
                .init(quantile: bound.quantile, max: bound.max?.value, maxIncrease: bound.maxIncrease?.value, duration: bound.duration)
            })
    }

    private static func routing(_ spec: MigrationSpec) -> RoutingPlan {
        let traffic = spec.traffic
        let pool = traffic.connectionPool
        let outlier = traffic.outlierDetection
        return RoutingPlan(
            mode: traffic.routing.value == .subset ? .subset : .host, gateways: traffic.gateways, port: traffic.port,
            targetPort: traffic.targetPort ?? spec.workload.template?.port ?? traffic.port,
            mirror: traffic.mirror.map { m in
                .init(
                    host: m.host.value, port: m.port, percent: m.percent.value, growth: m.growth.map(\.value),
                    methods: m.methods, idempotent: m.idempotent)
            },
            connectionPool: .init(
                maxConnections: pool.maxConnections, http1MaxPendingRequests: pool.http1MaxPendingRequests,
                maxRequestsPerConnection: pool.maxRequestsPerConnection, http2MaxRequests: pool.http2MaxRequests,
                connectTimeout: pool.connectTimeout),
            outlierDetection: .init(
                consecutive5xxErrors: outlier.consecutive5xxErrors, interval: outlier.interval,
                baseEjectionTime: outlier.baseEjectionTime, maxEjectionPercent: outlier.maxEjectionPercent,
                minHealthPercent: outlier.minHealthPercent),
            timeout: traffic.timeout,
            retries: traffic.retries.map { .init(attempts: $0.attempts.value, perTryTimeout: $0.perTryTimeout, retryOn: $0.retryOn.value) })
    }

    private static func workload(_ workload: Workload) -> WorkloadPlan {
        WorkloadPlan(
            replicas: workload.replicas.value, deployment: workload.deployment?.value, scaleDown: workload.scaleDown,
            template: workload.template.map { .init(image: $0.image, port: $0.port, cpu: $0.cpu, memory: $0.memory, env: $0.env) },
            from: workload.from?.value, fromVersion: workload.from.map { version(of: $0.value) },
            toVersion: workload.version.map { version(of: $0.value) } ?? workload.template.map { version(of: $0.image) })
    }

    /// `registry.example.com/orders:1.4.2` -> `1.4.2`; a digest -> its first 12 hex digits; a
    /// bare version as it is.
    static func version(of image: String) -> String {
        if let at = image.range(of: "@sha256:") { return String(image[at.upperBound...].prefix(12)) }
        let lastPart = image.split(separator: "/").last.map(String.init) ?? image
        if let colon = lastPart.lastIndex(of: ":") { return String(lastPart[lastPart.index(after: colon)...]) }
        return image.contains("/") ? "latest" : image
    }

    private static func cutover(_ cutover: Spec.CutoverPlan) -> Plan.CutoverPlan {
        Plan.CutoverPlan(
            window: cutover.window, freeze: cutover.freeze, darkLaunch: cutover.darkLaunch, soak: cutover.soak,
            cleanupDeadline: cutover.cleanupDeadline, rollbackTarget: cutover.rollbackTarget.value,
            rollbackCommands: cutover.rollbackCommands.map { .shell($0.value) })
    }
}
