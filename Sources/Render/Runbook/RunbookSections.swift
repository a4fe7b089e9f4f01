import Plan
import Units

/// The playbook's first phases, each ending in a checkpoint: baseline and success criteria,
/// rehearsal, the traffic plan, observability and circuit breakers.
extension Checkpoint {
    init(_ id: String, _ items: [String]) {
        self.id = id
        self.items = items.enumerated().map { CheckItem(id: "\(id)-check-\($0.offset + 1)", text: $0.element, command: nil) }
    }
}

extension BaselineSection {
    init(plan: CheckedPlan) {
        let slo = plan.objectives
        var objectives = [
            Row(label: "Availability", value: "≥ \(Percent.text(slo.availability))"),
            Row(label: "5xx rate", value: "≤ \(Percent.text(slo.maxErrorRate)) (breach lasting \(slo.errorRateFor))"),
        ]
        for bound in slo.latency {
            let parts = [bound.max.map { "≤ \($0)" }, bound.maxIncrease.map { "≤ stable + \(Percent.text($0))" }]
            objectives.append(
                Row(
                    label: "\(AnalysisMetric.quantileName(bound.quantile)) latency",
                    value: parts.compactMap { $0 }.joined(separator: " and ") + " (breach lasting \(bound.duration))"))
        }
        if let profile = plan.profile {
            objectives.append(Row(label: "Peak traffic", value: "\(PlainDecimal.text(profile.peakRPS)) requests/s"))
        }
        self.objectives = objectives
        queries = AnalysisQueries(plan: plan).all
        argumentsNote =
            plan.names.selectsByService
            ? "The console version fills in the Services \(plan.names.canaryService) and \(plan.names.stableService)."
            : "Argo Rollouts fills in the canary and stable pod template hashes; read them with \(plan.commands.get.shellText)."
        checkpoint = Checkpoint(
            "baseline",
            [
                "Each query above returns data for the stable version, and its baseline value is written down.",
                "The owners (\(plan.migration.owners.joined(separator: ", "))) agree to the success criteria and the rollback criterion.",
                "The error budget covers the migration window.",
            ])
    }
}

extension RehearsalSection {
    init(plan: CheckedPlan) {
        var shadow: [Row] = []
        var items: [String] = []
        if let mirror = plan.routing.mirror {
            let methods = mirror.methods?.joined(separator: ", ") ?? "all methods, writes included"
            shadow = [
                Row(label: "Copies go to", value: mirror.host + (mirror.port.map { ":\($0)" } ?? "")),
                Row(label: "Share mirrored", value: Percent.text(mirror.percent)),
                Row(label: "Methods", value: methods),
                Row(
                    label: "Writes",
                    value: mirror.idempotent
                        ? "mirrored; the target uses idempotency keys" : (mirror.methods == nil ? "mirrored" : "not mirrored")),
            ]
            for stage in mirror.growth {
                items.append("Shadow traffic at \(Percent.text(stage)): response diffs sampled and reviewed; no unexplained difference.")
            }
            if mirror.growth.isEmpty {
                items.append(
                    "Shadow traffic at \(Percent.text(mirror.percent)): response diffs sampled and reviewed; no unexplained difference.")
            }
            items.append("Third-party calls from the shadow host are stubbed or throttled (shadowing doubles their volume).")
        }
        hasShadow = !shadow.isEmpty
        self.shadow = shadow
        if let profile = plan.profile {
            load =
                "Replay or generate at least the peak of \(PlainDecimal.text(profile.peakRPS)) requests/s against the new version in rehearsal"
                + (profile.writeShare.map { ", \(Percent.text($0)) of them writes" } ?? "")
                + ", and hold it long enough to see p95 and p99 settle."
        } else {
            load =
                "Generate production-like load against the new version in rehearsal (the spec gives no traffic profile; add `profile.peakRPS`)."
        }
        if let rehearsal = plan.rehearsal {
            loadTest = RehearsalWording.rows(rehearsal, in: plan)
            loadTestCommands = [ShellCommand(rehearsal.start), ShellCommand(rehearsal.runLocally)]
            items.append("The generated load test passed against the staging copy: " + RehearsalWording.thresholds(rehearsal) + ".")
        } else {
            loadTest = []
            loadTestCommands = []
            items.append("Load test at production peak passed with latency and errors within the success criteria.")
        }
        hasLoadTest = !loadTest.isEmpty
        items.append(
            "A rollback was rehearsed: \(plan.commands.abort.shellText) put traffic back on stable within \(plan.cutover.rollbackTarget.spoken)."
        )
        if let phases = plan.data?.phases {
            items.append(
                "Every SQL phase ran on a production-sized copy under load, forward and back: " + phases.map(\.file).joined(separator: ", ")
                    + ".")
        }
        checkpoint = Checkpoint("rehearsal", items)
    }
}

extension TrafficSection {
    init(plan: CheckedPlan) {
        let names = plan.names
        var settings = [
            Row(label: "Rollout", value: "\(names.rollout) in \(names.namespace), \(plan.workload.replicas) replicas"),
            Row(
                label: "Routing",
                value: plan.routing.mode == .host
                    ? "by host: Services \(names.stableService) and \(names.canaryService)"
                    : "by subset: \(names.stableSubset) and \(names.canarySubset) of \(names.stableService)"),
            Row(label: "Hosts", value: names.hosts.joined(separator: ", ")),
            Row(label: "Managed route", value: names.route + (names.mirroredRoute.map { " and \($0)" } ?? "")),
        ]
        if !plan.routing.gateways.isEmpty {
            settings.append(Row(label: "Gateways", value: plan.routing.gateways.joined(separator: ", ")))
        }
        self.settings = settings
        steps = plan.rollout.steps.map { step in
            let alongside = plan.schedule.filter { $0.when == .at(step.moment) }.compactMap { work -> String? in
                switch work.action {
                case .phase(let phase): phase.file
                case .flipReads(_, let flag): "reads flip (\(flag.flag))"
                default: nil
                }
            }
            return StepRow(
                number: step.number, weight: step.weight, starts: "t+\(step.start)",
                pause: step.pause.map { "\($0)" } ?? "none",
                gate: step.gate.map { "\(plan.analysis.count) measurements over \($0)" } ?? "none",
                hold: step.hold.map { "sign-off: " + $0.signOff.joined(separator: ", ") } ?? "",
                alongside: alongside.joined(separator: ", "))
        }
        checkpoint = Checkpoint(
            "traffic",
            [
                "Argo CD shows the migration's manifests synced and healthy; the Rollout is on its stable revision.",
                "Automation can move traffic from \(plan.rollout.steps.first?.weight ?? 0)% to 100% with no manual edits (rehearsed).",
                "The rollout's length (\(plan.rollout.automatedDuration.spoken) plus the holds) fits the cutover window.",
            ])
    }
}

extension ObservabilitySection {
    init(plan: CheckedPlan) {
        let analysis = plan.analysis
        let rollout = plan.rollout
        dashboards = plan.migration.dashboards.enumerated().map { Link(label: "Dashboard \($0.offset + 1)", href: $0.element) }
        hasDashboards = !dashboards.isEmpty
        let observability = plan.observability
        alerts = (observability.alerts?.alerts ?? []).map { alert in
            Row(label: alert.name, value: "\(AlertWording.subject(alert, in: plan)) \(AlertWording.breach(alert)) for \(alert.duration)")
        }
        hasAlerts = !alerts.isEmpty
        alertOmissions = (observability.alerts?.omitted ?? []).map(AlertWording.omission)
        panels = observability.dashboard == nil ? [] : DashboardPanels.titles(plan)
        hasPanels = !panels.isEmpty
        dashboardLink = observability.dashboard.flatMap { dashboard in dashboard.url.map { Link(label: dashboard.title, href: $0) } }
        var rows = [
            Row(
                label: "Gate",
                value:
                    "AnalysisTemplate \(plan.names.analysisTemplate): \(analysis.count) measurements every \(analysis.interval), fails after \(analysis.failureLimit + 1) bad ones"
            ),
            Row(
                label: "Background watch",
                value: analysis.background
                    ? "AnalysisTemplate \(plan.names.watchTemplate) runs for the whole rollout"
                    : "off: a breach waits for the next gate"),
            Row(label: "Query window", value: "\(analysis.window)"),
            Row(label: "Breach detected within", value: "\(rollout.detection) (worst case)"),
            Row(
                label: "Breach to stable", value: "\(rollout.breachToStable) worst case, against a target of \(plan.cutover.rollbackTarget)"
            ),
        ]
        if let maxErrorRate = analysis.gateMaxErrorRate {
            rows.append(Row(label: "Gate 5xx bound", value: "≤ \(Percent.text(maxErrorRate)) (tighter than the SLO)"))
        }
        self.analysis = rows
        let pool = plan.routing.connectionPool
        let outliers = plan.routing.outlierDetection
        var breakers = [
            Row(
                label: "Connection pool",
                value:
                    "\(pool.maxConnections) connections, \(pool.http1MaxPendingRequests) pending requests, \(pool.maxRequestsPerConnection) requests per connection"
            ),
            Row(
                label: "Outlier detection",
                value:
                    "eject after \(outliers.consecutive5xxErrors) consecutive 5xx (checked every \(outliers.interval)) for \(outliers.baseEjectionTime); at most \(outliers.maxEjectionPercent)% ejected; off below \(outliers.minHealthPercent)% healthy"
            ),
        ]
        if let timeout = plan.routing.timeout { breakers.append(Row(label: "Request timeout", value: "\(timeout)")) }
        if let retries = plan.routing.retries {
            breakers.append(
                Row(
                    label: "Retries",
                    value: "\(retries.attempts) attempts" + (retries.perTryTimeout.map { ", \($0) each" } ?? "") + " on \(retries.retryOn)")
            )
        }
        self.breakers = breakers
        var items: [String] = []
        if let dashboard = observability.dashboard {
            items.append(
                "Grafana shows the dashboard \"\(dashboard.title)\" (ConfigMap \(dashboard.configMapName), found by the sidecar through "
                    + dashboard.configMapLabels.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + "), with data in every panel.")
        } else {
            items.append("Dashboards show one panel per KPI with the rollout weight overlaid.")
        }
        if let rule = observability.alerts {
            items.append(
                "The PrometheusRule \(rule.ruleName) is loaded (kubectl get prometheusrule \(rule.ruleName) -n \(plan.names.namespace)); "
                    + "its \(rule.alerts.count) alerts route to the pager ("
                    + rule.labels.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
                    + ") with page-to-acknowledge under 5 minutes; everything else is muted for the window.")
        } else {
            items.append(
                "Alerts page on the migration KPIs with page-to-acknowledge under 5 minutes; everything else is muted for the window.")
        }
        items += [
            "The circuit-breaker settings above are live (\(plan.commands.showDestinationRules.shellText)).",
            "The on-call can run the play from this page without help.",
        ]
        checkpoint = Checkpoint("observability", items)
    }
}
