import Plan
import Spec
import Units

extension Planner {
    /// The two stores the data plan moves data between: the backfill's tables (or a table and the
    /// columns it fills in place), else the dual-write trigger's.
    static func stores(_ data: Spec.DataPlan?) -> DataStores? {
        guard let data else { return nil }
        if let backfill = data.backfill {
            let from = backfill.from.value
            let to = backfill.to.value
            if from == to {
                return DataStores(
                    old: from, new: from + " (" + backfill.columns.map(\.value).joined(separator: ", ") + ")", separate: false)
            }
            return DataStores(old: from, new: to, separate: true)
        }
        if let trigger = data.dualWriteTriggers.first {
            return DataStores(old: trigger.from.value, new: trigger.to.value, separate: true)
        }
        return nil
    }

    /// The step with no way back: the release that stops writing the old table, else a contract
    /// that removes what the old version reads or writes.
    static func pointOfNoReturn(_ data: Spec.DataPlan?, stores: DataStores?, contractFile: String?) -> PointOfNoReturn? {
        if let stores, stores.separate { return .oldStoreRetired(store: stores.old) }
        guard let data, let contractFile, removesOldStructure(data) else { return nil }
        return .contract(file: contractFile)
    }

    /// Whether the contract removes anything the expand phase did not add: what the old version
    /// reads or writes. Raw SQL counts, since glidepath cannot tell what it removes.
    static func removesOldStructure(_ data: Spec.DataPlan) -> Bool {
        var added = Set<String>()
        for operation in data.expand {
            switch operation {
            case .createTable(let name, _, _): added.insert(name.value)
            case .addColumn(let add): added.insert(add.table.value + "." + add.column.value)
            default: break
            }
        }
        return data.contract.contains { operation in
            switch operation {
            case .dropColumn(let table, let column, _): !added.contains(table.value + "." + column.value) && !added.contains(table.value)
            case .dropTable(let table): !added.contains(table.value)
            case .sql: true
            }
        }
    }

    /// Every event from the first publish to the end of the clean-up, with the data flow after it.
    static func lifecycle(
        workload: WorkloadPlan, rollout: RolloutPlan, schedule: [ScheduledWork], flags: FlagPlan?, data: DataWork?,
        stores: DataStores?, pointOfNoReturn: PointOfNoReturn?
    ) -> [LifecycleEvent] {
        var state = FlowState(stores: stores, flags: flags, data: data)
        var events: [LifecycleEvent] = []
        func record(_ kind: LifecycleEvent.Kind, pointOfNoReturn: Bool = false) {
            events.append(LifecycleEvent(kind: kind, flow: state.flow, pointOfNoReturn: pointOfNoReturn))
        }
        func apply(_ work: ScheduledWork) {
            switch work.action {
            case .phase(let phase):
                state.apply(phase: phase.kind)
                record(.phase(phase.kind))
            case .dualWritesOn(let cohort, _):
                if let cohort {
                    state.dualWrite = cohort.value
                    record(.flag(.dualWrite, cohort.value))
                }
                state.dualWrite = .on
                record(.flag(.dualWrite, .on))
            case .flipReads(_, let flag):
                state.readFlip = true
                record(.flag(.readFlip, flag.value))
            case .verifyAtSoakEnd:
                record(.phase(.verify))
            case .flagFreeRelease(let retiring):
                state.running = [.flagFree]
                record(.flagFreeRelease, pointOfNoReturn: retiring != nil && pointOfNoReturn == .oldStoreRetired(store: retiring ?? ""))
            case .contract(let phase):
                state.apply(phase: phase.kind)
                if case .contract = pointOfNoReturn {
                    record(.contract, pointOfNoReturn: true)
                } else {
                    record(.contract)
                }
            case .removeFlags:
                record(.flagsRemoved)
            }
        }
        if workload.baseline == .none {
            state.running = [.new]
        } else {
            record(.baselineSynced)
        }
        for work in schedule where work.when == .at(.beforeRollout) { apply(work) }
        if workload.baseline != .none { state.running = [.old, .new] }
        record(.versionChange)
        for step in rollout.steps where step.weight < 100 {
            record(.weight(step.weight))
            for work in schedule where work.when == .at(step.moment) { apply(work) }
        }
        state.running = [.new]
        record(.fullTraffic)
        for work in schedule where work.when == .at(.afterRollout) { apply(work) }
        record(.soakEnd)
        for work in schedule where work.when == .afterSoak { apply(work) }
        return events
    }

    /// The data flow after each step of each way back, starting from the forward flow at its point.
    static func withFlows(
        _ wayBack: [WayBack], lifecycle: [LifecycleEvent], stores: DataStores?, flags: FlagPlan?, data: DataWork?
    ) -> [WayBack] {
        wayBack.map { point in
            var state = FlowState(stores: stores, flags: flags, data: data)
            state.replay(lifecycle, upTo: point.point)
            var withFlows = point
            withFlows.flows = point.steps.map { step in
                state.apply(wayBack: step)
                return state.flow
            }
            return withFlows
        }
    }
}

/// What the flags, the schema and the running versions are at one moment, and the data flow
/// they give. The flags are read by every running version; the kill switch sends reads back to
/// the old path but leaves dual writes on, so the new store stays current for a retry.
struct FlowState {
    let stores: DataStores?
    let hasReadFlipFlag: Bool
    let hasTrigger: Bool
    var running: [DataFlow.Version] = [.old]
    var dualWrite: FlagPlan.Value = .off
    var readFlip = false
    var killSwitch = false
    var triggerInstalled = false
    var newStoreExists = false

    init(stores: DataStores?, flags: FlagPlan?, data: DataWork?) {
        self.stores = stores
        hasReadFlipFlag = flags?.readFlip != nil
        hasTrigger = !(data?.dualWriteTriggers.isEmpty ?? true)
    }

    mutating func apply(phase: DataPhase.Kind) {
        switch phase {
        case .expand:
            newStoreExists = true
            triggerInstalled = hasTrigger
        case .contract:
            // The contract file drops the dual-write trigger before anything it writes to.
            triggerInstalled = false
        case .rollbackExpand:
            newStoreExists = false
            triggerInstalled = false
        case .backfill, .validate, .verify, .reconcile:
            break
        }
    }

    mutating func apply(wayBack step: WayBack.Step) {
        switch step {
        case .abort, .revert: running = [.old]
        case .killSwitch: killSwitch = true
        case .readsBack: readFlip = false
        case .leaveDualWrites: dualWrite = .off
        case .leaveSchema: apply(phase: .rollbackExpand)
        case .noWayBack, .rollForward: break
        }
    }

    /// The state at a way-back point: the forward events up to it replayed, with everything
    /// scheduled at the point's own moment (a hold comes after the work at its weight).
    mutating func replay(_ lifecycle: [LifecycleEvent], upTo point: WayBack.Point) {
        var reached = false
        for event in lifecycle {
            if reached {
                switch event.kind {
                case .weight, .fullTraffic, .soakEnd: return
                default: break
                }
            }
            switch event.kind {
            case .phase(let kind): apply(phase: kind)
            case .flag(.dualWrite, let value): dualWrite = value
            case .flag(.readFlip, let value): readFlip = value != .off
            case .flag(.killSwitch, let value): killSwitch = value != .off
            case .contract: apply(phase: .contract)
            default: break
            }
            running = event.flow.running
            switch (point, event.kind) {
            case (.weight(let weight), .weight(let at)) where weight == at: reached = true
            case (.weight(0), .versionChange): reached = true
            case (.fullTraffic, .fullTraffic): reached = true
            case (.afterPointOfNoReturn, _) where event.pointOfNoReturn: return
            default: break
            }
        }
    }

    var flow: DataFlow {
        guard stores != nil else {
            return DataFlow(
                running: running, reads: Dictionary(uniqueKeysWithValues: running.map { ($0, .old) }), writtenByAll: [.old],
                writtenBySome: [.old])
        }
        var reads: [DataFlow.Version: DataFlow.Store] = [:]
        var all: Set<DataFlow.Store>?
        var some = Set<DataFlow.Store>()
        for version in running {
            reads[version] = read(by: version)
            let (full, partial) = writes(by: version)
            all = all.map { $0.intersection(full) } ?? full
            some.formUnion(full.union(partial))
        }
        return DataFlow(running: running, reads: reads, writtenByAll: all ?? [], writtenBySome: some)
    }

    private func read(by version: DataFlow.Version) -> DataFlow.Store {
        if version == .flagFree { return .new }
        if killSwitch { return .old }
        if hasReadFlipFlag { return readFlip ? .new : .old }
        return version == .new ? .new : .old
    }

    private func writes(by version: DataFlow.Version) -> (full: Set<DataFlow.Store>, partial: Set<DataFlow.Store>) {
        guard newStoreExists else { return ([.old], []) }
        if version == .flagFree { return (stores?.separate == true ? [.new] : [.old, .new], []) }
        if triggerInstalled { return ([.old, .new], []) }
        switch dualWrite {
        case .on: return ([.old, .new], [])
        case .cohort: return ([.old], [.new])
        case .off: return ([.old], [])
        }
    }
}
