import Plan
import Spec
import Units

extension Planner {
    /// The playbook's rehearsal bar: staging p95 within 10% of production's, errors under 0.1%.
    static let rehearsalLatencyMargin = 1.10
    static let rehearsalMaxErrorRate = 0.1

    static func rehearsal(_ spec: MigrationSpec, names: Names) -> RehearsalPlan? {
        guard let settings = spec.rehearsal else { return nil }
        let rps = spec.profile?.peakRPS.value ?? 0
        var endpoints = settings.endpoints.map { (method: $0.method, path: $0.path.value, body: $0.body, weight: $0.weight.value) }
        if endpoints.isEmpty {
            let writes = (spec.profile?.writeShare ?? 0) / 100
            endpoints = [("GET", "/", nil, 1 - writes)]
            if writes > 0 { endpoints.append(("POST", "/", "{}", writes)) }
        }
        let total = endpoints.reduce(0) { $0 + max($1.weight, 0) }
        let scenarios = endpoints.enumerated().map { index, endpoint in
            let share = total > 0 ? max(endpoint.weight, 0) / total : 0
            let perMinute = Int(saturating: (rps * 60 * share).rounded())
            return RehearsalPlan.Scenario(
                name: "request\(index + 1)", method: endpoint.method, path: endpoint.path, body: endpoint.body, perMinute: max(perMinute, 1)
            )
        }
        // The tighter of the production baseline's bar and the SLO's own bound.
        let baseline = spec.profile?.p95.map {
            TimeSpan(milliseconds: Int(saturating: (Double($0.milliseconds) * rehearsalLatencyMargin).rounded(.down)))
        }
        let objective = spec.slo.p95?.max?.value
        let p95: TimeSpan?
        let bar: RehearsalPlan.LatencyBar?
        switch (baseline, objective) {
        case (let baseline?, let objective?) where objective < baseline: (p95, bar) = (objective, .objective)
        case (let baseline?, _): (p95, bar) = (baseline, spec.profile?.p95.map { .baselinePlusTenPercent(baseline: $0) })
        case (nil, let objective?): (p95, bar) = (objective, .objective)
        case (nil, nil): (p95, bar) = (nil, nil)
        }
        let target =
            settings.target?.value ?? spec.traffic.mirror.map { "http://" + $0.host.value + ($0.port.map { ":\($0)" } ?? "") } ?? ""
        let job = names.rehearsalJob
        return RehearsalPlan(
            target: target, duration: settings.duration.value, requestsPerSecond: rps, scenarios: scenarios, p95: p95, latencyBar: bar,
            maxErrorRate: min(rehearsalMaxErrorRate, spec.slo.maxErrorRate.value),
            gate: RehearsalPlan.Gate(rawValue: settings.gate) ?? .none,
            image: settings.image,
            application: settings.application.map {
                .init(repoURL: $0.repoURL, path: $0.path, revision: $0.revision, namespace: $0.namespace, project: $0.project)
            },
            start: .argv(["kubectl", "create", "job", "--from=cronjob/" + job, job + "-run", "-n", names.namespace]),
            runLocally: .argv(["k6", "run", RehearsalPlan.script]))
    }
}
