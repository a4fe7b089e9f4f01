import Diagnostics
import Plan
import Spec

/// The invariant the clean-up order is derived from, held over every event of the migration
/// and every step of every way back: no running version reads a store that not every write
/// reaches. With the playbook's code, turning dual writes off while reads come from the new
/// store breaks it; so does flipping reads while only a cohort dual-writes.
enum DataFlowCheck: PlanCheck {
    static func run(_ context: PlanCheckContext, into diagnostics: inout Diagnostics) {
        guard let data = context.spec.data else { return }
        for violation in violations(context.plan) {
            diagnostics.append(
                CheckMessages.staleRead(data.range, version: violation.version, store: violation.store, when: violation.when))
        }
    }

    struct Violation: Equatable {
        var when: String
        var version: String
        var store: String
    }

    /// Every stale read of the plan's forward events and way-back steps, first of each kind.
    static func violations(_ plan: CheckedPlan) -> [Violation] {
        violations(events: plan.lifecycle, wayBack: plan.wayBack, stores: plan.stores)
    }

    static func violations(events: [LifecycleEvent], wayBack: [WayBack], stores: DataStores?) -> [Violation] {
        var found: [Violation] = []
        func note(_ flow: DataFlow, when: String) {
            for stale in flow.staleReads {
                let violation = Violation(
                    when: when, version: stale.version.rawValue, store: stores?.name(stale.store) ?? stale.store.rawValue)
                if !found.contains(where: { $0.version == violation.version && $0.store == violation.store }) { found.append(violation) }
            }
        }
        for event in events { note(event.flow, when: "after \(describe(event.kind))") }
        for point in wayBack {
            for (index, flow) in point.flows.enumerated() {
                note(flow, when: "on the way back \(describe(point.point)), after its step \(index + 1)")
            }
        }
        return found
    }

    static func describe(_ kind: LifecycleEvent.Kind) -> String {
        switch kind {
        case .baselineSynced: "the first sync"
        case .phase(let phase): "the \(phase.rawValue) phase"
        case .flag(let role, let value): "\(role.rawValue) \(value == .off ? "off" : value == .on ? "on" : "for a cohort")"
        case .versionChange: "the version change"
        case .weight(let weight): "\(weight)%"
        case .fullTraffic: "100%"
        case .soakEnd: "the soak"
        case .flagFreeRelease: "the release without the flags"
        case .contract: "the contract"
        case .flagsRemoved: "the flags are deleted"
        }
    }

    private static func describe(_ point: WayBack.Point) -> String {
        switch point {
        case .weight(let weight): "at \(weight)%"
        case .fullTraffic: "at 100%"
        case .afterPointOfNoReturn: "past the point of no return"
        }
    }
}
