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
        let stores = stores(spec.data)
        // A move has no expand/contract phases of its own: the checker refuses both in one spec.
        let move = spec.data.flatMap { movePlan($0, migration: spec.metadata.name.value) }
        let data = move == nil ? spec.data.map { dataWork($0, spec: spec, flags: flags, stores: stores) } : nil
        let pointOfNoReturn = pointOfNoReturn(spec.data, stores: stores, contractFile: data?.phase(.contract)?.file)
        let commands = OperatorCommands(names: names)
        let workload = workload(spec.workload)
        let schedule = schedule(data: data, flags: flags, stores: stores)
        let lifecycle = lifecycle(
            workload: workload, rollout: rollout, schedule: schedule, flags: flags, data: data, stores: stores,
            pointOfNoReturn: pointOfNoReturn)
        let wayBack = withFlows(
            wayBack(rollout: rollout, data: data, flags: flags, commands: commands, pointOfNoReturn: pointOfNoReturn),
            lifecycle: lifecycle, stores: stores, flags: flags, data: data)
        let cutoverPlan = cutover(spec.cutover)
        let cohort = schedule.contains {
            if case .dualWritesOn(let cohort?, _) = $0.action, $0.when == .at(.beforeRollout) { return cohort.value != .on }
            return false
        }
        let length = CutoverLength(
            cohortWatch: cohort ? cutoverPlan.cohortWatch : .zero, rollout: rollout.automatedDuration,
            holds: rollout.holds.reduce(TimeSpan.zero) { $0 + ($1.hold?.expected ?? .zero) }, successWatch: cutoverPlan.successWatch,
            excludesBackfill: data?.phase(.backfill) != nil)
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
            analysis: analysis, routing: routing(spec), workload: workload, rollout: rollout, flags: flags,
            data: data, move: move, rehearsal: rehearsal(spec, names: names), schedule: schedule, stores: stores, lifecycle: lifecycle,
            pointOfNoReturn: pointOfNoReturn,
            cutoverLength: length, concerns: concerns(spec, rollout: rollout, workload: workload),
            cutover: cutoverPlan, commands: commands, wayBack: wayBack,
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
        let baseline = baseline(workload)
        return WorkloadPlan(
            replicas: workload.replicas.value, deployment: workload.deployment?.value, scaleDown: workload.scaleDown,
            template: workload.template.map { .init(image: $0.image, port: $0.port, cpu: $0.cpu, memory: $0.memory, env: $0.env) },
            stage: stage(workload, baseline: baseline), baseline: baseline,
            from: workload.from?.value, fromVersion: workload.from.map { version(of: $0.value) },
            toVersion: workload.version.map { version(of: $0.value) } ?? workload.template.map { version(of: $0.image) })
    }

    /// What a person should know before the cutover; `check` warns of each.
    static func concerns(_ spec: MigrationSpec, rollout: RolloutPlan, workload: WorkloadPlan)
        -> [Concern]
    {
        var concerns: [Concern] = []
        let target = spec.cutover.rollbackTarget.value
        if rollout.breachToStable > target {
            concerns.append(.rollbackSlowerThanTarget(worstCase: rollout.breachToStable, target: target))
        }
        // No gate or alert reads availability: the 5xx rate bounds a share of responses over
        // minutes, not the objective's budget over its period.
        concerns.append(.unmeasuredObjective(name: "availability", value: spec.slo.availability.value))
        if spec.metadata.critical.value, spec.traffic.holdPoints.isEmpty {
            concerns.append(.criticalWithoutHolds)
        }
        if workload.template != nil, workload.baseline == .none {
            concerns.append(.noEarlierVersion)
        }
        return concerns
    }

    /// What served traffic before the migration: a legacy backend, the Deployment the Rollout
    /// takes over, the `from` image, or nothing.
    static func baseline(_ workload: Workload) -> WorkloadPlan.Baseline {
        if let legacy = workload.legacy {
            return .legacy(
                .init(host: legacy.host.value, port: legacy.port, bridgeImage: legacy.bridgeImage, description: workload.from?.value))
        }
        if let deployment = workload.deployment { return .deployment(deployment.value) }
        if let from = workload.from, workload.template != nil, isImageReference(from.value) { return .image(from.value) }
        return .none
    }

    /// The spec's stage, or `baseline` when there is one to run and the Rollout runs its own template.
    static func stage(_ workload: Workload, baseline: WorkloadPlan.Baseline) -> WorkloadPlan.Stage {
        if let stage = workload.stage { return stage.value == .baseline ? .baseline : .canary }
        switch baseline {
        case .image, .legacy: return .baseline
        case .deployment, .none: return .canary
        }
    }

    /// An image reference as a container runtime reads one: no spaces, a name of lowercase path
    /// components, then an optional tag or digest (distribution/reference's grammar, loosely).
    static func isImageReference(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 255, !text.contains(" ") else { return false }
        var name = Substring(text)
        if let at = name.range(of: "@sha256:") {
            let digest = name[at.upperBound...]
            guard digest.count == 64, digest.allSatisfy(\.isHexDigit) else { return false }
            name = name[..<at.lowerBound]
        }
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        guard let last = components.last, !components.contains(where: \.isEmpty) else { return false }
        var repository = last
        if let colon = last.lastIndex(of: ":") {
            let tag = last[last.index(after: colon)...]
            guard !tag.isEmpty, tag.count <= 128, tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
            else { return false }
            repository = last[..<colon]
        }
        let path = components.dropFirst(components.count > 1 && components[0].contains(where: { ".:".contains($0) }) ? 1 : 0).dropLast()
        return (Array(path) + [repository]).allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "._-".contains($0)) }
        }
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
            cohortWatch: cutover.cohortWatch, successWatch: cutover.successWatch,
            rollbackCommands: cutover.rollbackCommands.map { .shell($0.value) })
    }
}
