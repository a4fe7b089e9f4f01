public import Files
public import Plan

/// The static runbook site: an index for leadership, one folder per migration with its
/// runbook, manifests and SQL files, and the shared assets once. Every link is relative, so
/// the site works from file://, GitHub Pages or any static host.
public enum SiteRenderer {
    public struct Migration: Sendable {
        public var plan: CheckedPlan
        /// The migration's manifests and SQL files.
        public var generated: [Artifact]
        /// Approvals the GitOps repository records for it.
        public var signOffs: [SignOffRecord]?

        public init(plan: CheckedPlan, generated: [Artifact], signOffs: [SignOffRecord]? = nil) {
            self.plan = plan
            self.generated = generated
            self.signOffs = signOffs
        }
    }

    public static let index = "index.html"
    static let migrationsFolder = "migrations"

    public static func render(_ migrations: [Migration], templates: RunbookTemplates, version: String) throws(RenderError) -> [Artifact] {
        let compiled = try templates.compiled()
        let generator = "glidepath " + version
        var artifacts: [Artifact] = []
        var rows: [IndexRow] = []
        for migration in migrations.sorted(by: { $0.plan.names.migration < $1.plan.names.migration }) {
            let folder = migrationsFolder + "/" + migration.plan.names.migration
            let chrome = PageChrome(
                assets: "../../" + RunbookTemplates.assetsFolder + "/", siteIndex: "../../" + index, generator: generator)
            let page = RunbookPage(
                plan: migration.plan, artifacts: migration.generated, chrome: chrome, version: version, signOffs: migration.signOffs)
            artifacts.append(Artifact(path: folder + "/" + RunbookRenderer.page, contents: try compiled.render("runbook", page)))
            artifacts += migration.generated.map { Artifact(path: folder + "/" + $0.path, contents: $0.contents) }
            rows.append(IndexRow(page: page, href: folder + "/" + RunbookRenderer.page))
        }
        rows.sort { ($0.order, $0.name) < ($1.order, $1.name) }
        let counts = ["in-progress", "planned", "done"].compactMap { key -> String? in
            let count = rows.count { $0.status.key == key }
            return count == 0 ? nil : "\(count) \(StatusBadge(key).label)"
        }
        let summary =
            rows.isEmpty
            ? "No migrations." : "\(rows.count) migration\(rows.count == 1 ? "" : "s"): " + counts.joined(separator: ", ") + "."
        let indexPage = IndexPage(
            chrome: PageChrome(assets: RunbookTemplates.assetsFolder + "/", siteIndex: nil, generator: generator),
            summary: summary, migrations: rows)
        artifacts.append(Artifact(path: index, contents: try compiled.render("index", indexPage)))
        return artifacts + templates.assets
    }
}

/// What the index template sees.
struct IndexPage: Sendable {
    var chrome: PageChrome
    var summary: String
    var migrations: [IndexRow]
}

struct IndexRow: Sendable {
    var name: String
    var service: String
    var namespace: String
    var status: StatusBadge
    var risk: String
    var owners: String
    var window: String
    var contractNotBefore: String
    var cleanupDue: String
    var rollbackCriterion: String
    /// Per sign-off point, approved for the current files or not, when the site reads a repository.
    var approvals: String
    var href: String
    /// In progress first, then planned, then done: what leadership asks about first.
    var order: Int

    init(page: RunbookPage, href: String) {
        name = page.migration
        service = page.service
        namespace = page.namespace
        status = page.status
        risk = page.risk
        owners = page.owners.joined(separator: ", ")
        window = page.window ?? "not set"
        contractNotBefore = page.contractNotBefore ?? "after the soak (\(page.soak))"
        cleanupDue = page.cleanupDue ?? "\(page.cleanupDeadline) after the cutover"
        rollbackCriterion = page.rollbackCriterion
        let points = page.signOffs
        let approved = points.filter(\.approved).map(\.what)
        let waiting = points.filter { !$0.approved }.map(\.what)
        approvals =
            !page.readsSignOffs
            ? "not read (site --repo reads them)"
            : (approved.isEmpty ? "" : "approved: " + approved.joined(separator: "; "))
                + (approved.isEmpty || waiting.isEmpty ? "" : ". ")
                + (waiting.isEmpty ? "" : "waiting: " + waiting.joined(separator: "; "))
        self.href = href
        order = ["in-progress": 0, "planned": 1, "done": 2][page.status.key] ?? 3
    }
}
