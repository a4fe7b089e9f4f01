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
        let flags = spec.flags.map { f in
            FlagPlan(
                provider: f.provider, setCommand: f.setCommand, dualWrite: f.dualWrite?.value,
                dualWriteCohort: f.dualWriteCohort, readFlip: f.readFlip?.value, killSwitch: f.killSwitch?.value)
        }
        let analysis = analysis(spec)
        let rollout = rollout(spec, analysis: analysis)
        let data = spec.data.map { dataWork($0, spec: spec, flags: flags) }
        let commands = OperatorCommands(names: names)
        return CheckedPlan(
            origin: origin, migration: identity(spec.metadata), names: names, objectives: objectives(spec.slo),
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
            wayBack: wayBack(rollout: rollout, data: data, flags: flags, commands: commands))
    }

    private static func identity(_ metadata: MigrationMetadata) -> MigrationIdentity {
        MigrationIdentity(
            name: metadata.name.value, service: metadata.service.value, namespace: metadata.namespace.value,
            owners: metadata.owners, summary: metadata.summary,
            status: MigrationIdentity.Status(rawValue: metadata.status) ?? .planned, risk: metadata.risk,
            ticket: metadata.ticket, dashboards: metadata.dashboards, docs: metadata.docs)
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
            template: workload.template.map { .init(image: $0.image, port: $0.port, cpu: $0.cpu, memory: $0.memory, env: $0.env) })
    }

    private static func cutover(_ cutover: Spec.CutoverPlan) -> Plan.CutoverPlan {
        Plan.CutoverPlan(
            window: cutover.window, freeze: cutover.freeze, darkLaunch: cutover.darkLaunch, soak: cutover.soak,
            cleanupDeadline: cutover.cleanupDeadline, rollbackTarget: cutover.rollbackTarget.value,
            rollbackCommands: cutover.rollbackCommands.map { .shell($0.value) })
    }
}
