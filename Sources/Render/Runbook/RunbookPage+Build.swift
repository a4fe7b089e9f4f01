import Digest
import Files
import Markdown
import Plan
import Units

extension RunbookPage {
    /// The page of one checked migration. `artifacts` are the manifests and SQL files, next to
    /// the page, that it links to and whose digest sign-offs approve.
    init(plan: CheckedPlan, artifacts: [Artifact], chrome: PageChrome, version: String, signOffs: [SignOffRecord]? = nil) {
        let migration = plan.migration
        let rollout = plan.rollout
        let start = CutoverStart(plan.cutover.window)
        // Each file is hashed once, for its link and for the digest sign-offs approve.
        let fileDigests = artifacts.map { (path: $0.path, digest: SHA256.hex($0.contents)) }
        let artifactsDigest = RunbookRenderer.artifactsDigest(fileDigests)

        self.chrome = chrome
        self.migration = plan.names.migration
        service = migration.service
        namespace = plan.names.namespace
        status = StatusBadge(migration.status.rawValue)
        risk = migration.risk
        owners = migration.owners
        summaryHTML = migration.summary.map(Markdown.html)
        specPath = plan.origin.displayPath
        specDigest = plan.origin.digest
        specDigestShort = String(plan.origin.digest.prefix(12))
        self.artifactsDigest = artifactsDigest
        artifactsDigestShort = String(artifactsDigest.prefix(12))
        artifactsDigestCommand = RunbookRenderer.artifactsDigestCommand(artifacts)
        self.version = version

        let criteria = Criteria(plan: plan)
        successCriteria = criteria.success
        rollbackCriterion = criteria.rollback
        let holds = rollout.holds
        let length = plan.cutoverLength
        var parts = ["\(length.rollout.spoken) of pauses and analysis"]
        if length.cohortWatch > .zero { parts.insert("\(length.cohortWatch.spoken) of dual writes for the cohort", at: 0) }
        if !holds.isEmpty {
            parts.append(
                "\(length.holds.spoken) planned at \(holds.count) hold point\(holds.count == 1 ? "" : "s") (each waits for its sign-off)")
        }
        parts.append("\(length.successWatch.spoken) of watching at 100%")
        duration =
            "about \(length.total.spoken): " + parts.joined(separator: ", ") + (length.excludesBackfill ? "; plus the backfill" : "")
        stage = Self.stage(plan)
        concerns = plan.concerns.map(RollbackWording.concern)
        hasConcerns = !concerns.isEmpty
        holdPoints = holds.map { step in
            HoldSummary(weight: step.weight, signOff: step.hold?.signOff.joined(separator: ", ") ?? "", note: step.hold?.note)
        }
        window = plan.cutover.window
        soak = plan.cutover.soak.spoken
        cleanupDeadline = plan.cutover.cleanupDeadline.spoken
        contractNotBefore = start?.day(after: rollout.automatedDuration + plan.cutover.soak)
        cleanupDue = start?.day(after: rollout.automatedDuration + plan.cutover.cleanupDeadline)
        links = Self.links(migration)
        hasLinks = !links.isEmpty
        timelineSVG = TimelineSVG(plan: plan).markup.serialized
        daySpanSVG = DaySpanSVG(plan: plan, start: start).markup.serialized
        let leadership = LeadershipSummary(plan: plan, start: start)
        change = leadership.change
        schemaChange = leadership.schema
        when = leadership.when

        baseline = BaselineSection(plan: plan)
        rehearsal = RehearsalSection(plan: plan)
        data = DataSection(plan: plan)
        move = MoveSection(plan: plan, start: start)
        traffic = TrafficSection(plan: plan)
        observability = ObservabilitySection(plan: plan)
        cutover = CutoverSection(plan: plan)
        rollback = RollbackSection(plan: plan, criterion: criteria.rollback)
        cleanup = CleanupSection(plan: plan, contractNotBefore: contractNotBefore, cleanupDue: cleanupDue)
        traps = Trap.applying(to: plan)
        hasTraps = !traps.isEmpty
        self.artifacts = fileDigests.map { ArtifactLink(path: $0.path, href: $0.path, digestShort: String($0.digest.prefix(12))) }
        toc = []
        numberSections()
        readsSignOffs = signOffs != nil
        if let signOffs { attach(signOffs.filter { $0.migration == plan.names.migration }) }
    }

    /// What the generated Rollout runs now, for the summary.
    static func stage(_ plan: CheckedPlan) -> String {
        let workload = plan.workload
        switch (workload.stage, workload.baseline) {
        case (.baseline, .image(let image)):
            return "baseline: the Rollout runs \(image), the version serving traffic now; the version change is the next pull request"
        case (.baseline, .legacy(let legacy)):
            return "baseline: the Rollout runs the bridge to \(legacy.host); the version change is the next pull request"
        case (.canary, .image), (.canary, .legacy):
            return "canary: the Rollout runs \(workload.template?.image ?? "the new version"), reached through the canary steps"
        case (_, .deployment(let deployment)):
            return "the Rollout takes over Deployment \(deployment); the version changes in the Deployment's own manifests"
        default:
            return "a new service: the first sync creates it at 100%"
        }
    }

    /// The approvals the GitOps repository records, shown at each sign-off and in the summary.
    private mutating func attach(_ records: [SignOffRecord]) {
        for index in cutover.steps.indices {
            cutover.steps[index].signOff?.attach(records, digest: artifactsDigest)
        }
        cleanup.contractSignOff?.attach(records, digest: artifactsDigest)
        guard !records.isEmpty else { return }
        for index in holdPoints.indices {
            let id = SignOffPoint.ID.hold(weight: holdPoints[index].weight).recorded
            holdPoints[index].approval = cutover.steps.compactMap(\.signOff).first { $0.id == id }?.status
        }
    }

    /// Every sign-off of the page with its state, for the site's index.
    var signOffs: [SignOff] {
        cutover.steps.compactMap(\.signOff) + [cleanup.contractSignOff].compactMap { $0 }
    }

    /// What a sign-off approves: the digest of `sha256sum` over the generated files in path
    /// order, so anyone can recompute it in the output folder (see `artifactsDigestCommand`).
    /// Numbers the sections in page order, the data plan only when there is one, and lists them
    /// with the same numbers in the contents.
    private mutating func numberSections() {
        var number = 0
        func next() -> Int {
            number += 1
            return number
        }
        var entries = [TocEntry(id: "summary", label: "Summary"), TocEntry(id: "timeline", label: "Timeline")]
        func entry(_ id: String, _ title: String, _ value: Int) { entries.append(TocEntry(id: id, label: "\(value). \(title)")) }
        baseline.number = next()
        entry("baseline", "Baseline and success criteria", baseline.number)
        rehearsal.number = next()
        entry("rehearsal", "Rehearsal", rehearsal.number)
        if data != nil {
            data?.number = next()
            entry("data", "Data plan", number)
        }
        if move != nil {
            move?.number = next()
            entry("move", "Data move", number)
        }
        traffic.number = next()
        entry("traffic", "Traffic plan", traffic.number)
        observability.number = next()
        entry("observability", "Observability and circuit breakers", observability.number)
        cutover.number = next()
        entry("cutover", "Cutover procedure", cutover.number)
        rollback.number = next()
        entry("rollback", "Rollback", rollback.number)
        cleanup.number = next()
        entry("cleanup", "Clean-up", cleanup.number)
        if hasTraps { entries.append(TocEntry(id: "traps", label: "Traps that apply")) }
        entries.append(TocEntry(id: "files", label: "Generated files"))
        toc = entries
    }

    private static func links(_ metadata: MigrationIdentity) -> [Link] {
        var links: [Link] = []
        if let application = metadata.argocdApplication { links.append(Link(label: "Argo CD application", href: application)) }
        if let rollout = metadata.rolloutDashboard { links.append(Link(label: "Argo Rollouts dashboard", href: rollout)) }
        if let ticket = metadata.ticket { links.append(Link(label: "Change ticket", href: ticket)) }
        links += metadata.dashboards.enumerated().map { Link(label: "Dashboard \($0.offset + 1)", href: $0.element) }
        links += metadata.docs.enumerated().map { Link(label: "Document \($0.offset + 1)", href: $0.element) }
        return links
    }
}

extension StatusBadge {
    init(_ status: String) {
        key = status
        label =
            switch status {
            case "in-progress": "in progress"
            default: status
            }
    }
}

/// The success criteria and the rollback criterion, one sentence each, from the SLOs the
/// analysis gates are derived from.
struct Criteria {
    var success: [String]
    var rollback: String

    init(plan: CheckedPlan) {
        let slo = plan.objectives
        let unmeasured = plan.concerns.contains { if case .unmeasuredObjective(name: "availability", _) = $0 { true } else { false } }
        success = [
            "Availability stays at or above \(Percent.text(slo.availability))"
                + (unmeasured ? " (no gate or alert measures it: watch the SLO's own dashboard)." : "."),
            "The canary's 5xx rate stays at or below \(Percent.text(slo.maxErrorRate)).",
        ]
        for bound in slo.latency {
            let name = AnalysisMetric.quantileName(bound.quantile)
            var limits: [String] = []
            if let max = bound.max { limits.append("at or below \(max)") }
            if let increase = bound.maxIncrease { limits.append("at most \(Percent.text(increase)) above stable") }
            success.append("The canary's \(name) latency stays " + limits.joined(separator: " and ") + ".")
        }
        for metric in plan.analysis.metrics {
            guard case .custom = metric.kind, let written = metric.written else { continue }
            let condition = written.success.map { "holds \($0)" } ?? "never meets \(written.failure ?? "")"
            success.append("\(metric.name) \(condition).")
        }
        rollback = RollbackWording.criterion(plan)
    }
}
