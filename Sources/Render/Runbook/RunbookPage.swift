/// What the runbook template sees: plain stored values (the template engine reads them by
/// reflection). Text fields are escaped by the template; only `summaryHTML` (libcmark in safe
/// mode) and `timelineSVG` (built as a typed tree) are inserted as markup.
struct RunbookPage: Sendable {
    var chrome: PageChrome
    var migration: String
    var service: String
    var namespace: String
    var status: StatusBadge
    var risk: String
    var owners: [String]
    var summaryHTML: String?
    var specPath: String
    var specDigest: String
    var specDigestShort: String
    /// Digest of the generated manifests and SQL: what a sign-off approves.
    var artifactsDigest: String
    var artifactsDigestShort: String
    var version: String

    var successCriteria: [String]
    var rollbackCriterion: String
    var duration: String
    var holdPoints: [HoldSummary]
    var window: String?
    var soak: String
    var cleanupDeadline: String
    var contractNotBefore: String?
    var cleanupDue: String?
    var links: [Link]
    var hasLinks: Bool
    var timelineSVG: String
    /// The migration on a day scale: expand, rollout, soak, contract, clean-up.
    var daySpanSVG: String
    /// What changes (`orders 1.4.1 -> 1.4.2`), the schema in one line, and when in wall-clock time.
    var change: String?
    var schemaChange: String?
    var when: String?
    /// The contents, numbered as the headings are.
    var toc: [TocEntry]

    var baseline: BaselineSection
    var rehearsal: RehearsalSection
    var data: DataSection?
    var traffic: TrafficSection
    var observability: ObservabilitySection
    var cutover: CutoverSection
    var rollback: RollbackSection
    var cleanup: CleanupSection
    var traps: [Trap]
    var hasTraps: Bool
    var artifacts: [ArtifactLink]
}

/// The parts every page shares: where the shared assets are, the way back to the index.
struct PageChrome: Sendable {
    /// Relative path to the folder holding glidepath.css and runbook.js, ending in `/`.
    var assets: String
    /// Relative link to the site's index, on site pages only.
    var siteIndex: String?
    var generator: String
}

struct TocEntry: Sendable {
    var id: String
    var label: String
}

struct StatusBadge: Sendable {
    var key: String
    var label: String
}

struct HoldSummary: Sendable {
    var weight: Int
    var signOff: String
    var note: String?
}

struct Link: Sendable {
    var label: String
    var href: String
}

struct Row: Sendable {
    var label: String
    var value: String
}

struct Checkpoint: Sendable {
    var id: String
    var items: [CheckItem]
}

struct CheckItem: Sendable {
    var id: String
    var text: String
    var command: String?
}

struct SignOff: Sendable {
    var id: String
    var roles: [String]
    var rolesText: String
    var what: String

    init(id: String, roles: [String], what: String) {
        self.id = id
        self.roles = roles
        rolesText = roles.joined(separator: ", ")
        self.what = what
    }
}

struct Query: Sendable {
    var id: String
    var name: String
    var purpose: String
    var query: String
    var condition: String
    /// What the gate and the watch do when there is no data.
    var noData: String
    /// The query with the template arguments filled in, for the Prometheus console.
    var consoleQuery: String?
}

struct BaselineSection: Sendable {
    /// The section's number in the headings and the contents.
    var number = 0
    var objectives: [Row]
    var queries: [Query]
    var argumentsNote: String
    var checkpoint: Checkpoint
}

struct RehearsalSection: Sendable {
    /// The section's number in the headings and the contents.
    var number = 0
    var shadow: [Row]
    var hasShadow: Bool
    var load: String
    var checkpoint: Checkpoint
}

struct DataPhaseView: Sendable {
    var file: String
    var href: String
    var kind: String
    var when: String
    var summary: String
    var preconditions: [String]
    var undo: String
    var command: String
    var pointOfNoReturn: Bool
}

struct DataSection: Sendable {
    /// The section's number in the headings and the contents.
    var number = 0
    var settings: [Row]
    var phases: [DataPhaseView]
    var checkpoint: Checkpoint
}

struct StepRow: Sendable {
    var number: Int
    var weight: Int
    var starts: String
    var pause: String
    var gate: String
    var hold: String
    var alongside: String
}

struct TrafficSection: Sendable {
    /// The section's number in the headings and the contents.
    var number = 0
    var settings: [Row]
    var steps: [StepRow]
    var checkpoint: Checkpoint
}

struct ObservabilitySection: Sendable {
    /// The section's number in the headings and the contents.
    var number = 0
    var dashboards: [Link]
    var hasDashboards: Bool
    var analysis: [Row]
    var breakers: [Row]
    var checkpoint: Checkpoint
}

struct ProcedureStep: Sendable {
    var number: Int
    var id: String
    var title: String
    var detail: String?
    var commands: [String]
    var signOff: SignOff?
    /// At a hold point: the way back that is valid there.
    var wayBack: [String]
    var hasWayBack: Bool
}

struct CutoverSection: Sendable {
    /// The section's number in the headings and the contents.
    var number = 0
    var steps: [ProcedureStep]
    var checkpoint: Checkpoint
}

struct WayBackView: Sendable {
    var at: String
    var steps: [String]
    var pointOfNoReturn: Bool
}

/// One thing to do on the way back, with its commands.
struct RollbackAction: Sendable {
    var text: String
    var commands: [String]
}

struct RollbackSection: Sendable {
    /// The section's number in the headings and the contents.
    var number = 0
    var triggers: [String]
    /// In this order: stop the bleeding, make it stick, and when a retry is right.
    var stopTheBleeding: [RollbackAction]
    var makeItStick: [RollbackAction]
    var retry: RollbackAction
    var target: String
    var worstCase: String
    var wayBack: [WayBackView]
    var checkpoint: Checkpoint
}

struct CleanupSection: Sendable {
    /// The section's number in the headings and the contents.
    var number = 0
    var steps: [CheckItem]
    var contractSignOff: SignOff?
    var deadline: String
    var checkpoint: Checkpoint
}

struct Trap: Sendable {
    var title: String
    var why: String
    var remedy: String
}

struct ArtifactLink: Sendable {
    var path: String
    var href: String
    var digestShort: String
}
