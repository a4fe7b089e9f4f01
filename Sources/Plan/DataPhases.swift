public import Spec

/// The SQL phase files of a data plan, in the order they run, with what must be true before
/// each one and how (or whether) it can be undone. The SQL headers, `glidepath plan` and the
/// runbook all print from this, so they cannot disagree.
public struct DataPhases: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case expand, backfill, validate, verify, reconcile, contract
        case rollbackExpand = "rollback-expand"
    }

    public struct Phase: Sendable {
        public var kind: Kind
        /// File name inside `sql/`, numbered in run order.
        public var file: String
        /// When it runs in the rollout; nil for a file that runs only when something went wrong
        /// (the way back, or the repair after a failed verify).
        public var moment: Moment?
        public var summary: String
        public var preconditions: [String]
        /// How to undo it, or why it cannot be undone.
        public var undo: String
        public var path: String { DataPhases.folder + "/" + file }
    }

    public static let folder = "sql"

    public var phases: [Phase]
    /// When reads flip to the new store (spec or derived), when there is a read-flip flag.
    public var readFlip: Moment?
    /// The database the files run against, when the spec names it.
    public var database: String?

    public init?(_ spec: MigrationSpec) {
        guard let data = spec.data else { return nil }
        let flags = spec.flags
        database = data.database
        readFlip = flags?.readFlip == nil ? nil : (data.schedule.readFlip?.value ?? Self.derivedReadFlip(spec))
        let trigger = !data.dualWriteTriggers.isEmpty
        let constraints = data.expand.contains {
            switch $0 {
            case .addCheckConstraint, .addForeignKey: true
            default: false
            }
        }
        let flagState = FlagWording(flags: flags, trigger: trigger)
        let rollbackFile = "910-rollback-expand.sql"
        var phases: [Phase] = []

        if !data.expand.isEmpty {
            phases.append(Phase(
                kind: .expand, file: "010-expand.sql", moment: data.schedule.expand.value,
                summary: "Additive schema changes the old code ignores and the new code needs.",
                preconditions: [
                    "traffic: 0% on the canary; the rollout has not started",
                    flagState.allOff,
                ],
                undo: DataPhases.folder + "/" + rollbackFile))
        }
        if let backfill = data.backfill {
            let what = backfill.isInPlace
                ? "Fill \(backfill.columns.map(\.value).joined(separator: ", ")) of \(backfill.to.value) from its own rows"
                : "Copy rows of \(backfill.from.value) into \(backfill.to.value)"
            phases.append(Phase(
                kind: .backfill, file: "020-backfill.sql", moment: data.schedule.backfill.value,
                summary: "\(what) in batches of \(backfill.batchSize) by \(backfill.key.value); resumable and idempotent.",
                preconditions: [
                    "010-expand.sql applied",
                    flagState.dualWritesOn + ", so rows written during the copy reach \(backfill.to.value)",
                ],
                undo: "nothing to undo on its own: sql/\(rollbackFile) drops what it filled"))
        }
        if constraints {
            phases.append(Phase(
                kind: .validate, file: "025-validate.sql", moment: data.schedule.backfill.value,
                summary: "Validate the constraints added NOT VALID, without blocking writes.",
                preconditions: ["010-expand.sql applied", data.backfill == nil ? "none" : "020-backfill.sql finished"],
                undo: "sql/\(rollbackFile) drops the constraints"))
        }
        if let backfill = data.backfill {
            var again = ["at the end of the soak, before dual writes go off and 040-contract.sql runs"]
            if let readFlip, readFlip != data.schedule.backfill.value {
                again.insert("right before reads flip at \(readFlip)", at: 0)
            }
            phases.append(Phase(
                kind: .verify, file: "030-verify.sql", moment: data.schedule.backfill.value,
                summary: "Check parity of \(backfill.from.value) and \(backfill.to.value); fails the run when it breaks.",
                preconditions: [
                    "020-backfill.sql finished",
                    flagState.dualWritesOn,
                    "run it again " + again.joined(separator: ", and "),
                ],
                undo: "read-only: nothing to undo"))
        }
        if let backfill = data.backfill {
            phases.append(Phase(
                kind: .reconcile, file: "035-reconcile.sql", moment: nil,
                summary: backfill.isInPlace
                    ? "Repair after a failed verify: recompute \(backfill.columns.map(\.value).joined(separator: ", ")) of every row of \(backfill.to.value) that differs."
                    : "Repair after a failed verify: walk every key of \(backfill.from.value) and \(backfill.to.value), copy missing rows, correct rows that differ, delete rows that exist only in \(backfill.to.value).",
                preconditions: [
                    "030-verify.sql reported broken parity",
                    flagState.dualWritesOn + ", so nothing drifts again while it runs",
                    "then run 030-verify.sql again; it must pass before reads flip or contract runs",
                ],
                undo: "nothing to undo: it only makes \(backfill.to.value) match \(backfill.from.value)"))
        }
        if !data.contract.isEmpty {
            var preconditions = [
                "traffic: 100% on the new version for the whole soak (\(spec.cutover.soak)) with no rollback",
            ]
            if let flags {
                let settled = [flags.readFlip.map { "\($0.value) on" }, flags.dualWrite.map { "\($0.value) off" }]
                    .compactMap { $0 }
                if !settled.isEmpty { preconditions.append("flags: " + settled.joined(separator: ", ")) }
            }
            if trigger { preconditions.append("the dual-write trigger is dropped by this file first") }
            if data.backfill != nil { preconditions.append("030-verify.sql passed at the end of the soak, before dual writes went off") }
            preconditions.append("POINT OF NO RETURN: after this file an application rollback finds no old schema")
            phases.append(Phase(
                kind: .contract, file: "040-contract.sql", moment: .afterRollout,
                summary: "Remove what the old code used, after the soak.",
                preconditions: preconditions,
                undo: "cannot be undone: the dropped data is gone; restore from backup only"))
        }
        if !data.expand.isEmpty {
            phases.append(Phase(
                kind: .rollbackExpand, file: rollbackFile, moment: nil,
                summary: "Undo the expand phase (and with it the backfill\(constraints ? " and validation" : "")).",
                preconditions: [
                    "traffic: 100% on the stable version (the rollout is aborted or undone)",
                    flagState.allOff,
                    "040-contract.sql has not run (after it there is no way back)",
                ],
                undo: "re-apply 010-expand.sql"))
        }
        self.phases = phases
    }

    public func phase(_ kind: Kind) -> Phase? { phases.first { $0.kind == kind } }

    /// The one way to run a phase file: psql without the user's ~/.psqlrc (-X), stopping at
    /// the first error; the files set autocommit themselves.
    public func command(for phase: Phase) -> String {
        let target = database.map { " -d " + Self.shellWord($0) } ?? ""
        return "psql -X -v ON_ERROR_STOP=1\(target) -f \(phase.path)"
    }

    /// A word the shell reads back unchanged: plain names as they are, anything else quoted.
    static func shellWord(_ text: String) -> String {
        let plain = !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }
        var quoted = "'"
        for character in text {
            quoted += character == "'" ? "'\\''" : String(character)
        }
        return plain ? text : quoted + "'"
    }

    /// The forward phases scheduled at a moment, in run order (repair and rollback files have none).
    public func phases(at moment: Moment) -> [Phase] {
        phases.filter { $0.moment == moment && $0.kind != .contract }
    }

    /// Reads flip at the last hold below 100%: the longest soak of the new read path while a
    /// person can still stop the rollout.
    static func derivedReadFlip(_ spec: MigrationSpec) -> Moment {
        let holds = spec.traffic.holdPoints.map(\.at.value).filter { $0 < 100 }
        return holds.max().map(Moment.atWeight) ?? .afterRollout
    }
}

/// How the headers name the flag states, from the spec's flags.
private struct FlagWording {
    var flags: FeatureFlags?
    var trigger: Bool

    var allOff: String {
        let names = [flags?.dualWrite, flags?.readFlip].compactMap { $0?.value }
        return names.isEmpty ? "flags: none involved" : "flags: " + names.map { "\($0) off" }.joined(separator: ", ")
    }

    var dualWritesOn: String {
        if trigger { return "dual writes on (the trigger from 010-expand.sql)" }
        if let flag = flags?.dualWrite?.value { return "dual writes on (\(flag) on for every writer)" }
        return "dual writes on"
    }
}
