import Plan
import Spec

/// The playbook's first phases, each ending in a checkpoint: baseline and success criteria,
/// rehearsal, the traffic plan, observability and circuit breakers.
extension Checkpoint {
    init(_ id: String, _ items: [String]) {
        self.id = id
        self.items = items.enumerated().map { CheckItem(id: "\(id)-check-\($0.offset + 1)", text: $0.element, command: nil) }
    }
}

extension BaselineSection {
    init(plan: MigrationPlan) {
        let spec = plan.spec
        let slo = spec.slo
        var objectives = [
            Row(label: "Availability", value: "≥ \(Percent.text(slo.availability.value))"),
            Row(label: "5xx rate", value: "≤ \(Percent.text(slo.maxErrorRate.value)) (breach lasting \(slo.errorRateFor))"),
        ]
        for bound in [slo.p95, slo.p99].compactMap({ $0 }) {
            let parts = [bound.max.map { "≤ \($0.value)" }, bound.maxIncrease.map { "≤ stable + \(Percent.text($0.value))" }]
            objectives.append(Row(
                label: "p\(Int((bound.quantile * 100).rounded())) latency",
                value: parts.compactMap { $0 }.joined(separator: " and ") + " (breach lasting \(bound.duration))"))
        }
        if let profile = spec.profile {
            objectives.append(Row(label: "Peak traffic", value: "\(PlainDecimal.text(profile.peakRPS.value)) requests/s"))
        }
        self.objectives = objectives
        queries = AnalysisQueries(plan: plan).all
        argumentsNote = plan.names.selectsByService
            ? "The console version fills in the Services \(plan.names.canaryService) and \(plan.names.stableService)."
            : "Argo Rollouts fills in the canary and stable pod template hashes; read them with kubectl argo rollouts get rollout \(plan.names.rollout) -n \(plan.names.namespace)."
        checkpoint = Checkpoint("baseline", [
            "Each query above returns data for the stable version, and its baseline value is written down.",
            "The owners (\(spec.metadata.owners.joined(separator: ", "))) agree to the success criteria and the rollback criterion.",
            "The error budget covers the migration window.",
        ])
    }
}

extension RehearsalSection {
    init(plan: MigrationPlan) {
        let spec = plan.spec
        var shadow: [Row] = []
        var items: [String] = []
        if let mirror = spec.traffic.mirror {
            let methods = mirror.methods?.joined(separator: ", ") ?? "all methods, writes included"
            shadow = [
                Row(label: "Copies go to", value: mirror.host.value + (mirror.port.map { ":\($0)" } ?? "")),
                Row(label: "Share mirrored", value: Percent.text(mirror.percent.value)),
                Row(label: "Methods", value: methods),
                Row(label: "Writes", value: mirror.idempotent ? "mirrored; the target uses idempotency keys" : (mirror.methods == nil ? "mirrored" : "not mirrored")),
            ]
            for stage in mirror.growth {
                items.append("Shadow traffic at \(Percent.text(stage.value)): response diffs sampled and reviewed; no unexplained difference.")
            }
            if mirror.growth.isEmpty {
                items.append("Shadow traffic at \(Percent.text(mirror.percent.value)): response diffs sampled and reviewed; no unexplained difference.")
            }
            items.append("Third-party calls from the shadow host are stubbed or throttled (shadowing doubles their volume).")
        }
        hasShadow = !shadow.isEmpty
        self.shadow = shadow
        if let profile = spec.profile {
            load = "Replay or generate at least the peak of \(PlainDecimal.text(profile.peakRPS.value)) requests/s against the new version in rehearsal"
                + (profile.writeShare.map { ", \(Percent.text($0)) of them writes" } ?? "") + ", and hold it long enough to see p95 and p99 settle."
        } else {
            load = "Generate production-like load against the new version in rehearsal (the spec gives no traffic profile; add `profile.peakRPS`)."
        }
        items.append("Load test at production peak passed with latency and errors within the success criteria.")
        items.append("A rollback was rehearsed: kubectl argo rollouts abort \(plan.names.rollout) -n \(plan.names.namespace) put traffic back on stable within \(spec.cutover.rollbackTarget.value.spoken).")
        if let phases = plan.dataPhases {
            let files = phases.phases.map(\.file)
            items.append("Every SQL phase ran on a production-sized copy under load, forward and back: " + files.joined(separator: ", ") + ".")
        }
        checkpoint = Checkpoint("rehearsal", items)
    }
}

extension TrafficSection {
    init(plan: MigrationPlan) {
        let spec = plan.spec
        let names = plan.names
        var settings = [
            Row(label: "Rollout", value: "\(names.rollout) in \(names.namespace), \(spec.workload.replicas.value) replicas"),
            Row(label: "Routing", value: spec.traffic.routing.value == .host
                ? "by host: Services \(names.stableService) and \(names.canaryService)"
                : "by subset: \(names.stableSubset) and \(names.canarySubset) of \(names.stableService)"),
            Row(label: "Hosts", value: names.hosts.joined(separator: ", ")),
            Row(label: "Managed route", value: names.route + (names.mirroredRoute.map { " and \($0)" } ?? "")),
        ]
        if !spec.traffic.gateways.isEmpty {
            settings.append(Row(label: "Gateways", value: spec.traffic.gateways.joined(separator: ", ")))
        }
        self.settings = settings
        let holds = Dictionary(spec.traffic.holdPoints.map { ($0.at.value, $0) }, uniquingKeysWith: { first, _ in first })
        let run = Timeline.analysisRun(spec.traffic.analysis)
        var steps: [StepRow] = []
        for entry in plan.timeline.entries {
            guard case .setWeight(let weight) = entry.event else { continue }
            let step = spec.traffic.steps[steps.count]
            let hold = holds[weight].map { "sign-off: " + ($0.signOff.isEmpty ? "anyone on the rota" : $0.signOff.joined(separator: ", ")) } ?? ""
            let moment = weight == 100 ? Moment.afterRollout : Moment.atWeight(weight)
            var alongside = plan.dataPhases?.phases(at: moment).map(\.file) ?? []
            if let readFlip = plan.dataPhases?.readFlip, readFlip == moment, let flag = spec.flags?.readFlip?.value {
                alongside.append("reads flip (\(flag))")
            }
            steps.append(StepRow(
                number: steps.count + 1, weight: weight, starts: "t+\(entry.start)",
                pause: step.pause.map { "\($0.value)" } ?? "none",
                gate: step.analysis ? "\(spec.traffic.analysis.count) measurements over \(run)" : "none",
                hold: hold, alongside: alongside.joined(separator: ", ")))
        }
        self.steps = steps
        checkpoint = Checkpoint("traffic", [
            "Argo CD shows the migration's manifests synced and healthy; the Rollout is on its stable revision.",
            "Automation can move traffic from \(spec.traffic.steps.first?.weight.value ?? 0)% to 100% with no manual edits (rehearsed).",
            "The rollout's length (\(plan.timeline.automatedDuration.spoken) plus the holds) fits the cutover window.",
        ])
    }
}

extension ObservabilitySection {
    init(plan: MigrationPlan) {
        let spec = plan.spec
        let analysis = spec.traffic.analysis
        let timeline = plan.timeline
        dashboards = spec.metadata.dashboards.enumerated().map { Link(label: "Dashboard \($0.offset + 1)", href: $0.element) }
        hasDashboards = !dashboards.isEmpty
        var rows = [
            Row(label: "Gate", value: "AnalysisTemplate \(plan.names.analysisTemplate): \(analysis.count) measurements every \(analysis.interval.value), fails after \(analysis.failureLimit.value + 1) bad ones"),
            Row(label: "Background watch", value: analysis.background
                ? "AnalysisTemplate \(plan.names.watchTemplate) runs for the whole rollout"
                : "off: a breach waits for the next gate"),
            Row(label: "Query window", value: "\(analysis.window.value)"),
            Row(label: "Breach detected within", value: "\(timeline.detection) (worst case)"),
            Row(label: "Breach to stable", value: "\(timeline.breachToStable) worst case, against a target of \(spec.cutover.rollbackTarget.value)"),
        ]
        if let maxErrorRate = analysis.maxErrorRate?.value {
            rows.append(Row(label: "Gate 5xx bound", value: "≤ \(Percent.text(maxErrorRate)) (tighter than the SLO)"))
        }
        self.analysis = rows
        let pool = spec.traffic.connectionPool
        let outliers = spec.traffic.outlierDetection
        var breakers = [
            Row(label: "Connection pool", value: "\(pool.maxConnections) connections, \(pool.http1MaxPendingRequests) pending requests, \(pool.maxRequestsPerConnection) requests per connection"),
            Row(label: "Outlier detection", value: "eject after \(outliers.consecutive5xxErrors) consecutive 5xx (checked every \(outliers.interval)) for \(outliers.baseEjectionTime); at most \(outliers.maxEjectionPercent)% ejected; off below \(outliers.minHealthPercent)% healthy"),
        ]
        if let timeout = spec.traffic.timeout { breakers.append(Row(label: "Request timeout", value: "\(timeout)")) }
        if let retries = spec.traffic.retries {
            breakers.append(Row(label: "Retries", value: "\(retries.attempts.value) attempts" + (retries.perTryTimeout.map { ", \($0) each" } ?? "") + " on \(retries.retryOn.value)"))
        }
        self.breakers = breakers
        checkpoint = Checkpoint("observability", [
            "Dashboards show one panel per KPI with the rollout weight overlaid.",
            "Alerts page on the migration KPIs with page-to-acknowledge under 5 minutes; everything else is muted for the window.",
            "The circuit-breaker settings above are live (kubectl get destinationrule -n \(plan.names.namespace) -l glidepath.dev/migration=\(plan.names.migration) -o yaml).",
            "The on-call can run the play from this page without help.",
        ])
    }
}
