import Plan

/// How the SQL headers and the runbook name the files that run only when something went wrong.
enum DataPhaseWording {
    static func unscheduled(_ kind: DataPhases.Kind) -> String {
        switch kind {
        case .reconcile: "only when 030-verify.sql reports broken parity"
        default: "only to roll back"
        }
    }
}
