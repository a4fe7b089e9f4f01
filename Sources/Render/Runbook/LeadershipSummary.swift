import Foundation
import Plan
import Units

/// What leadership reads in ten seconds: what changes (the version, from and to, and the schema
/// in one line) and when, in wall-clock time.
struct LeadershipSummary {
    var change: String?
    var schema: String?
    var when: String?

    init(plan: CheckedPlan, start: CutoverStart?) {
        let workload = plan.workload
        if let to = workload.toVersion {
            change = plan.migration.service + " " + (workload.fromVersion.map { $0 + " -> " } ?? "") + to
        } else if let from = workload.fromVersion {
            change = "\(plan.migration.service) \(from) -> the version in Deployment \(workload.deployment ?? plan.migration.service)"
        }
        schema = plan.data.map(Self.schema)
        if let move = plan.move {
            schema = MoveWording.summary(move, at: start.map { $0.hasTime ? $0.dateTime(after: .zero) : "on " + $0.day(after: .zero) })
        }
        when = start.map { Self.when(plan: plan, start: $0) }
    }

    /// `2026-12-01 14:00 UTC -> about 15:29 UTC, counting 3 holds at their planned length`:
    /// every watch, cohort and hold period of the cutover hour.
    static func when(plan: CheckedPlan, start: CutoverStart) -> String {
        let length = plan.cutoverLength
        let total = length.total
        let holds = plan.rollout.holds.count
        var text: String
        if start.hasTime {
            let sameDay = start.day(after: .zero) == start.day(after: total)
            text = start.dateTime(after: .zero) + " -> about " + (sameDay ? start.time(after: total) : start.dateTime(after: total))
        } else {
            text = "on \(start.day(after: .zero)), about \(total.spoken)"
        }
        var counting: [String] = []
        if length.cohortWatch > .zero { counting.append("the cohort's \(length.cohortWatch.spoken)") }
        if holds > 0 { counting.append("\(holds) hold\(holds == 1 ? "" : "s") at \(holds == 1 ? "its" : "their") planned length") }
        counting.append("\(length.successWatch.spoken) of watching at 100%")
        text += ", counting " + counting.joined(separator: ", ")
        if length.excludesBackfill { text += "; plus the backfill, whose length depends on the table" }
        return text
    }

    /// The schema change in one line: what expand adds, what the backfill moves, what contract removes.
    static func schema(_ data: DataWork) -> String {
        let adds = data.expand.compactMap { change -> String? in
            switch change {
            case .addColumn(let table, let column, _, _, _): "add \(table).\(column)"
            case .createTable(let name, _): "create table \(name)"
            case .createIndex(let table, let name, _, _): "index \(name) on \(table)"
            case .addCheck(let table, let name, _): "check \(name) on \(table)"
            case .addForeignKey(let table, let name, _, _, _): "foreign key \(name) on \(table)"
            case .dualWriteTrigger(let trigger): "dual-write trigger \(trigger.from) -> \(trigger.to)"
            case .sql: "hand-written SQL"
            }
        }
        var parts: [String] = []
        if !adds.isEmpty { parts.append(adds.joined(separator: ", ")) }
        if let backfill = data.backfill {
            parts.append(
                backfill.isInPlace
                    ? "fill \(backfill.columns.joined(separator: ", ")) of \(backfill.to)" : "copy \(backfill.from) into \(backfill.to)")
        }
        let removes = data.contract.map { removal -> String in
            switch removal {
            case .dropColumn(let table, let column): "drop \(table).\(column)"
            case .dropTable(let name): "drop table \(name)"
            case .sql: "hand-written SQL"
            }
        }
        if !removes.isEmpty { parts.append("after the soak: " + removes.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }
}
