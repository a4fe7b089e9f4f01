import Plan

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
    /// The shell line that recomputes the digest next to the page.
    var artifactsDigestCommand: String
    var version: String

    var successCriteria: [String]
    var rollbackCriterion: String
    /// What the generated Rollout runs now, and what comes next.
    var stage: String
    /// What the plan warns of (the same as `check`'s warnings).
    var concerns: [String]
    var hasConcerns: Bool
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
    /// Whether the page was built with the repository's sign-off records (publish, site --repo).
    var readsSignOffs = false

    var baseline: BaselineSection
    var rehearsal: RehearsalSection
    var data: DataSection?
    var move: MoveSection?
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
    /// From the repository's records: approved for these files, or who is still to sign.
    var approval: String?
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
    var command: ShellCommand?
}

struct SignOff: Sendable {
    var id: String
    var roles: [String]
    var rolesText: String
    var what: String
    /// Approvals recorded in the GitOps repository's history, for these files or earlier ones.
    var recorded: [RecordedSignOff] = []
    var hasRecorded = false
    /// Whether every role has approved these files.
    var approved = false
    var status = ""

    init(_ point: SignOffPoint, in plan: CheckedPlan) {
        id = point.id.recorded
        roles = point.roles
        rolesText = point.roles.joined(separator: ", ")
        what = SignOffWording.what(point.id, in: plan)
    }

    /// Attaches the records of this point; only those for `digest` approve the page's files.
    mutating func attach(_ records: [SignOffRecord], digest: String) {
        recorded = records.filter { SignOffPoint.ID($0.point)?.recorded == id }.map {
            RecordedSignOff($0, current: $0.artifactsDigest == digest)
        }
        hasRecorded = !recorded.isEmpty
        let signed = Set(recorded.filter(\.current).map(\.role))
        let missing = roles.filter { !signed.contains($0) }
        approved = missing.isEmpty
        status =
            approved
            ? "Approved for these files by " + rolesText + "."
            : "Waiting for " + missing.joined(separator: ", ") + " (recorded with glidepath sign-off)."
    }
}

/// A recorded approval as the page shows it: who, in which role, for which files. The commit
/// and its date stay in the repository's history (the page is a function of the records'
/// content, so re-publishing never changes it).
struct RecordedSignOff: Sendable {
    var signer: String
    var role: String
    var digestShort: String
    var current: Bool
    var state: String

    init(_ record: SignOffRecord, current: Bool) {
        signer = record.signer
        role = record.role
        digestShort = String(record.artifactsDigest.prefix(12))
        self.current = current
        state = current ? "current" : "stale"
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
    /// The generated load test, when the spec asks for one.
    var loadTest: [Row]
    var hasLoadTest: Bool
    var loadTestCommands: [ShellCommand]
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
    /// Who runs it: a person, or which Job in the cluster.
    var runBy: String
    var command: ShellCommand
    var pointOfNoReturn: Bool
}

/// A lint rule the spec accepts for its raw SQL, with the owners' reason.
struct AcceptedRiskView: Sendable {
    var rule: String
    var whereText: String
    var problem: String
    var reason: String
}

struct DataSection: Sendable {
    /// The section's number in the headings and the contents.
    var number = 0
    var settings: [Row]
    var acceptedRisks: [AcceptedRiskView]
    var hasAcceptedRisks: Bool
    var phases: [DataPhaseView]
    var checkpoint: Checkpoint
}

/// The move to another database: its settings, its steps with their commands, its checkpoint.
struct MoveSection: Sendable {
    /// The section's number in the headings and the contents.
    var number = 0
    var settings: [Row]
    var steps: [MoveStepView]
    var files: [String]
    var checkpoint: Checkpoint
}

struct MoveStepView: Sendable {
    var id: String
    var title: String
    var detail: String
    var commands: [ShellCommand]
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
    /// The generated alerts (name, what fires it, after how long) and the KPIs without one.
    var alerts: [Row]
    var hasAlerts: Bool
    var alertOmissions: [String]
    /// The generated dashboard's panels, and its link in Grafana when the spec gives the URL.
    var panels: [String]
    var hasPanels: Bool
    var dashboardLink: Link?
    var analysis: [Row]
    var breakers: [Row]
    var checkpoint: Checkpoint
}

struct ProcedureStep: Sendable {
    var number: Int
    var id: String
    var title: String
    var detail: String?
    var commands: [ShellCommand]
    var signOff: SignOff?
    /// At a hold point: the way back that is valid there.
    var wayBack: [WayBackLine]
    var hasWayBack: Bool
}

/// One step of a way back: a sentence, then its commands as code.
struct WayBackLine: Sendable {
    var text: String
    var commands: [ShellCommand]

    init(_ line: WayBackWording.Line) {
        text = line.text
        commands = line.commands.map(ShellCommand.init)
    }
}

/// A command as the page shows it: its text, and markup in which each shell word up to 40
/// characters is kept on one line, so a name such as `orders-shipping-zone` never breaks at
/// its hyphen on screen or in print; only longer words (a JSON patch) may break anywhere.
struct ShellCommand: Sendable {
    var text: String
    var html: String

    init(_ command: Command) {
        text = command.shellText
        html = text.split(separator: " ", omittingEmptySubsequences: false).map { word in
            let escaped = Markup.escape(String(word), quotes: true)
            return word.count <= 40 && !word.isEmpty ? "<span class=\"word\">" + escaped + "</span>" : escaped
        }.joined(separator: " ")
    }
}

struct CutoverSection: Sendable {
    /// The section's number in the headings and the contents.
    var number = 0
    var steps: [ProcedureStep]
    var checkpoint: Checkpoint
}

struct WayBackView: Sendable {
    var at: String
    var steps: [WayBackLine]
    var pointOfNoReturn: Bool
}

/// One thing to do on the way back, with its commands.
struct RollbackAction: Sendable {
    var text: String
    var commands: [ShellCommand]
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
