import Digest
import Markdown
import Plan
import Spec

extension RunbookPage {
    /// The page of one checked migration. `artifacts` are the manifests and SQL files, next to
    /// the page, that it links to and whose digest sign-offs approve.
    init(plan: MigrationPlan, specDigest: String, artifacts: [Artifact], chrome: PageChrome, version: String) {
        let spec = plan.spec
        let metadata = spec.metadata
        let timeline = plan.timeline
        let start = CutoverStart(spec.cutover.window)
        let artifactsDigest = Self.digest(of: artifacts)

        self.chrome = chrome
        migration = plan.names.migration
        service = metadata.service.value
        namespace = plan.names.namespace
        status = StatusBadge(metadata.status)
        risk = metadata.risk
        owners = metadata.owners
        summaryHTML = metadata.summary.map(Markdown.html)
        specPath = spec.path
        self.specDigest = specDigest
        specDigestShort = String(specDigest.prefix(12))
        self.artifactsDigest = artifactsDigest
        artifactsDigestShort = String(artifactsDigest.prefix(12))
        self.version = version

        let criteria = Criteria(plan: plan)
        successCriteria = criteria.success
        rollbackCriterion = criteria.rollback
        let holds = timeline.holdCount
        duration = "\(timeline.automatedDuration.spoken) of pauses and analysis"
            + (holds == 0 ? "" : holds == 1 ? ", plus 1 manual hold point that waits for a sign-off"
                : ", plus \(holds) manual hold points that wait for a sign-off")
        holdPoints = spec.traffic.holdPoints.map {
            HoldSummary(weight: $0.at.value, signOff: $0.signOff.isEmpty ? "anyone on the rota" : $0.signOff.joined(separator: ", "), note: $0.note)
        }
        window = spec.cutover.window
        soak = spec.cutover.soak.spoken
        cleanupDeadline = spec.cutover.cleanupDeadline.spoken
        contractNotBefore = start?.day(after: timeline.automatedDuration + spec.cutover.soak)
        cleanupDue = start?.day(after: timeline.automatedDuration + spec.cutover.cleanupDeadline)
        links = Self.links(metadata)
        hasLinks = !links.isEmpty
        timelineSVG = TimelineSVG(plan: plan).markup.serialized

        baseline = BaselineSection(plan: plan)
        rehearsal = RehearsalSection(plan: plan)
        data = DataSection(plan: plan)
        traffic = TrafficSection(plan: plan)
        observability = ObservabilitySection(plan: plan)
        cutover = CutoverSection(plan: plan)
        rollback = RollbackSection(plan: plan, criterion: criteria.rollback)
        cleanup = CleanupSection(plan: plan, contractNotBefore: contractNotBefore, cleanupDue: cleanupDue)
        traps = Trap.applying(to: plan)
        hasTraps = !traps.isEmpty
        self.artifacts = artifacts.map {
            ArtifactLink(path: $0.path, href: $0.path, digestShort: String(SHA256.hex($0.contents).prefix(12)))
        }
    }

    /// What a sign-off approves: the digest of `sha256sum` over the generated files in path
    /// order, so anyone can recompute it in the output folder with
    /// `sha256sum $(find manifests sql -type f | LC_ALL=C sort) | sha256sum`.
    static func digest(of artifacts: [Artifact]) -> String {
        let listing = artifacts.sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
            .map { SHA256.hex($0.contents) + "  " + $0.path + "\n" }
            .joined()
        return SHA256.hex(listing)
    }

    private static func links(_ metadata: MigrationMetadata) -> [Link] {
        var links: [Link] = []
        if let ticket = metadata.ticket { links.append(Link(label: "Change ticket", href: ticket)) }
        links += metadata.dashboards.enumerated().map { Link(label: "Dashboard \($0.offset + 1)", href: $0.element) }
        links += metadata.docs.enumerated().map { Link(label: "Document \($0.offset + 1)", href: $0.element) }
        return links
    }
}

extension StatusBadge {
    init(_ status: String) {
        key = status
        label = switch status {
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

    init(plan: MigrationPlan) {
        let slo = plan.spec.slo
        success = [
            "Availability stays at or above \(Percent.text(slo.availability.value)).",
            "The canary's 5xx rate stays at or below \(Percent.text(slo.maxErrorRate.value)).",
        ]
        var breaches = ["5xx > \(Percent.text(slo.maxErrorRate.value)) for \(slo.errorRateFor.spoken)"]
        for bound in [slo.p95, slo.p99].compactMap({ $0 }) {
            let name = "p\(Int((bound.quantile * 100).rounded()))"
            var limits: [String] = []
            var conditions: [String] = []
            if let max = bound.max?.value {
                limits.append("at or below \(max)")
                conditions.append("\(name) > \(max)")
            }
            if let increase = bound.maxIncrease?.value {
                limits.append("at most \(Percent.text(increase)) above stable")
                conditions.append("\(name) more than \(Percent.text(increase)) above stable")
            }
            success.append("The canary's \(name) latency stays " + limits.joined(separator: " and ") + ".")
            breaches.append(conditions.joined(separator: " or ") + " for \(bound.duration.spoken)")
        }
        for metric in plan.analysisMetrics {
            guard case .custom = metric.kind, let written = metric.written else { continue }
            let condition = written.success.map { "holds \($0)" } ?? "never meets \(written.failure ?? "")"
            success.append("\(metric.name) \(condition).")
            breaches.append("\(metric.name) fails its condition")
        }
        let last = breaches.removeLast()
        rollback = "Roll back if " + (breaches.isEmpty ? last : breaches.joined(separator: ", ") + ", or " + last) + "."
    }
}
