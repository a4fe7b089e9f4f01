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

    /// One migration's folder (runbook, manifests, SQL) and its line in the index. Migrations
    /// are independent of each other, so a site renders them on every core.
    public struct RenderedMigration: Sendable {
        public var artifacts: [Artifact]
        public var entry: IndexEntry
    }

    /// A migration's line in the index, kept after its files are written, and kept in the
    /// site's record so an unchanged migration need not be rendered again for the index.
    public struct IndexEntry: Sendable {
        let row: IndexRow

        /// The line as plain strings, in a fixed order, for the site's record.
        public var fields: [String] {
            [
                row.name, row.service, row.namespace, row.status.key, row.status.label, row.risk, row.owners, row.window,
                row.contractNotBefore, row.cleanupDue, row.rollbackCriterion, row.approvals, row.href, String(row.order),
            ]
        }

        /// The line back from `fields`; nil when they are not what `fields` gives.
        public init?(fields: [String]) {
            guard fields.count == 14, let order = Int(fields[13]) else { return nil }
            row = IndexRow(
                name: fields[0], service: fields[1], namespace: fields[2], status: StatusBadge(key: fields[3], label: fields[4]),
                risk: fields[5], owners: fields[6], window: fields[7], contractNotBefore: fields[8], cleanupDue: fields[9],
                rollbackCriterion: fields[10], approvals: fields[11], href: fields[12], order: order)
        }

        init(row: IndexRow) {
            self.row = row
        }
    }

    public static func render(_ migrations: [Migration], templates: RunbookTemplates, version: String) throws(RenderError) -> [Artifact] {
        var artifacts: [Artifact] = []
        var entries: [IndexEntry] = []
        for migration in migrations {
            let rendered = try render(migration, templates: templates, version: version)
            artifacts += rendered.artifacts
            entries.append(rendered.entry)
        }
        return artifacts + (try renderIndex(entries, templates: templates, version: version))
    }

    public static func render(_ migration: Migration, templates: RunbookTemplates, version: String) throws(RenderError) -> RenderedMigration
    {
        let compiled = try templates.compiled()
        let folder = migrationsFolder + "/" + migration.plan.names.migration
        let chrome = PageChrome(
            assets: "../../" + RunbookTemplates.assetsFolder + "/", siteIndex: "../../" + index, generator: "glidepath " + version)
        let page = RunbookPage(
            plan: migration.plan, artifacts: migration.generated, chrome: chrome, version: version, signOffs: migration.signOffs)
        var artifacts = [Artifact(path: folder + "/" + RunbookRenderer.page, contents: try compiled.runbook(page))]
        artifacts += migration.generated.map { Artifact(path: folder + "/" + $0.path, contents: $0.contents) }
        return RenderedMigration(
            artifacts: artifacts, entry: IndexEntry(row: IndexRow(page: page, href: folder + "/" + RunbookRenderer.page)))
    }

    /// The index page and the shared assets, from every migration's entry in any order.
    public static func renderIndex(_ entries: [IndexEntry], templates: RunbookTemplates, version: String) throws(RenderError) -> [Artifact]
    {
        let compiled = try templates.compiled()
        var rows = entries.map(\.row)
        rows.sort { ($0.order, $0.name) < ($1.order, $1.name) }
        let counts = ["in-progress", "planned", "done"].compactMap { key -> String? in
            let count = rows.count { $0.status.key == key }
            return count == 0 ? nil : "\(count) \(StatusBadge(key).label)"
        }
        let summary =
            rows.isEmpty
            ? "No migrations." : "\(rows.count) migration\(rows.count == 1 ? "" : "s"): " + counts.joined(separator: ", ") + "."
        let indexPage = IndexPage(
            chrome: PageChrome(assets: RunbookTemplates.assetsFolder + "/", siteIndex: nil, generator: "glidepath " + version),
            summary: summary, migrations: rows)
        return [Artifact(path: index, contents: try compiled.index(indexPage))] + templates.assets
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

    init(
        name: String, service: String, namespace: String, status: StatusBadge, risk: String, owners: String, window: String,
        contractNotBefore: String, cleanupDue: String, rollbackCriterion: String, approvals: String, href: String, order: Int
    ) {
        self.name = name
        self.service = service
        self.namespace = namespace
        self.status = status
        self.risk = risk
        self.owners = owners
        self.window = window
        self.contractNotBefore = contractNotBefore
        self.cleanupDue = cleanupDue
        self.rollbackCriterion = rollbackCriterion
        self.approvals = approvals
        self.href = href
        self.order = order
    }

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
