import Plan
import Units

extension Planner {
    /// Dual writes, SQL phases and the read flip in the order they happen: at each moment the
    /// phases in file order (dual writes on right after the expand), then the read flip. After
    /// the soak, the clean-up in the order the data flow allows: parity once more, the release
    /// without the flags (which stops writing the old store when the stores are separate
    /// tables), the contract, and the flags deleted. Dual writes are never turned off on the way
    /// forward: with the playbook's code, "dual writes off" means writes reach only the old
    /// store, which nobody reads once reads have flipped.
    static func schedule(data: DataWork?, flags: FlagPlan?, stores: DataStores?) -> [ScheduledWork] {
        var work: [ScheduledWork] = []
        let everyone = flags?.change(.dualWrite, to: .on)
        let cohort = flags.flatMap { $0.change(.dualWrite, to: .cohort(percent: $0.dualWriteCohort)) }
        let dualWritesOn = everyone.map { ScheduledWork.Action.dualWritesOn(cohort: cohort, everyone: $0) }
        if data?.phase(.expand) == nil, let dualWritesOn {
            work.append(ScheduledWork(when: .at(.beforeRollout), action: dualWritesOn))
        }
        for phase in data?.phases ?? [] {
            guard let moment = phase.moment, phase.kind != .contract else { continue }
            work.append(ScheduledWork(when: .at(moment), action: .phase(phase)))
            if phase.kind == .expand, let dualWritesOn {
                work.append(ScheduledWork(when: .at(moment), action: dualWritesOn))
            }
        }
        if let flip = data?.readFlip, let change = flags?.change(.readFlip, to: .on) {
            work.append(ScheduledWork(when: .at(flip), action: .flipReads(verify: data?.phase(.verify), flag: change)))
        }
        // Stable by moment: what shares a moment keeps the order above.
        work = work.enumerated().sorted { lhs, rhs in
            switch (lhs.element.when, rhs.element.when) {
            case (.at(let l), .at(let r)) where l != r: l < r
            default: lhs.offset < rhs.offset
            }
        }.map(\.element)
        if let verify = data?.phase(.verify) {
            work.append(ScheduledWork(when: .afterSoak, action: .verifyAtSoakEnd(verify)))
        }
        let flagKeys = flags?.flags.map(\.key) ?? []
        if !flagKeys.isEmpty || stores != nil {
            work.append(ScheduledWork(when: .afterSoak, action: .flagFreeRelease(retiring: stores?.separate == true ? stores?.old : nil)))
        }
        if let contract = data?.phase(.contract) {
            work.append(ScheduledWork(when: .afterSoak, action: .contract(contract)))
        }
        if !flagKeys.isEmpty {
            work.append(ScheduledWork(when: .afterSoak, action: .removeFlags(flagKeys)))
        }
        return work
    }

    /// The way back from every point the rollout can stop at: each hold point, the read flip,
    /// 100% during the soak, and past the point of no return (where there is none). Every point
    /// starts the same way the rollback section does, fastest first: traffic back to stable (one
    /// command, seconds), the kill switch and reads back (a flag change: seconds with kubectl or
    /// an API, minutes through a spec change and a sync), then make it stick.
    static func wayBack(
        rollout: RolloutPlan, data: DataWork?, flags: FlagPlan?, commands: OperatorCommands, pointOfNoReturn: PointOfNoReturn?
    ) -> [WayBack] {
        var moments = rollout.holds.map(\.moment)
        if let flip = data?.readFlip, !moments.contains(flip) { moments.append(flip) }
        if !moments.contains(.afterRollout) { moments.append(.afterRollout) }
        var points = moments.sorted().map { moment -> WayBack in
            var steps: [WayBack.Step] = []
            if moment != .afterRollout { steps.append(.abort(commands.abort)) }
            if let change = flags?.change(.killSwitch, to: .on) { steps.append(.killSwitch(change)) }
            if let flipAt = data?.readFlip, flipAt <= moment, let change = flags?.change(.readFlip, to: .off) {
                steps.append(.readsBack(change))
            }
            steps.append(.revert(sync: commands.sync, skipSteps: moment == .afterRollout ? commands.promoteFull : nil))
            if let rollback = data?.phase(.rollbackExpand) {
                if let change = flags?.change(.dualWrite, to: .off) { steps.append(.leaveDualWrites(change)) }
                steps.append(.leaveSchema(rollback.startCommand ?? rollback.command))
            }
            let point: WayBack.Point =
                switch moment {
                case .atWeight(let weight): .weight(weight)
                case .beforeRollout: .weight(0)
                case .afterRollout: .fullTraffic
                }
            return WayBack(point: point, steps: steps)
        }
        if let pointOfNoReturn {
            points.append(
                WayBack(point: .afterPointOfNoReturn, steps: [.noWayBack(pointOfNoReturn), .rollForward(sync: commands.sync)]))
        }
        return points
    }
}
