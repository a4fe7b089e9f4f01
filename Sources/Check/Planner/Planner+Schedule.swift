import Plan
import Units

extension Planner {
    /// Dual writes, SQL phases and the read flip in the order they happen: at each moment the
    /// phases in file order (dual writes on right after the expand), then the read flip; at the
    /// end of the soak dual writes off and the contract.
    static func schedule(data: DataWork?, flags: FlagPlan?) -> [ScheduledWork] {
        var work: [ScheduledWork] = []
        let dualWritesOn = flags?.dualWrite.map { flags?.change($0, on: true) } ?? nil
        if data?.phase(.expand) == nil, let dualWritesOn {
            work.append(ScheduledWork(when: .at(.beforeRollout), action: .dualWritesOn(dualWritesOn)))
        }
        for phase in data?.phases ?? [] {
            guard let moment = phase.moment, phase.kind != .contract else { continue }
            work.append(ScheduledWork(when: .at(moment), action: .phase(phase)))
            if phase.kind == .expand, let dualWritesOn {
                work.append(ScheduledWork(when: .at(moment), action: .dualWritesOn(dualWritesOn)))
            }
        }
        if let flip = data?.readFlip, let flag = flags?.readFlip, let change = flags?.change(flag, on: true) {
            work.append(ScheduledWork(when: .at(flip), action: .flipReads(verify: data?.phase(.verify), flag: change)))
        }
        // Stable by moment: what shares a moment keeps the order above.
        work = work.enumerated().sorted { lhs, rhs in
            switch (lhs.element.when, rhs.element.when) {
            case (.at(let l), .at(let r)) where l != r: l < r
            default: lhs.offset < rhs.offset
            }
        }.map(\.element)
        if let flag = flags?.dualWrite, let change = flags?.change(flag, on: false) {
            work.append(ScheduledWork(when: .afterSoak, action: .dualWritesOff(change)))
        }
        if let contract = data?.phase(.contract) {
            work.append(ScheduledWork(when: .afterSoak, action: .contract(contract)))
        }
        return work
    }

    /// The way back from every point the rollout can stop at: each hold point, the read flip,
    /// 100% during the soak, and after the contract (where there is none for the schema).
    static func wayBack(rollout: RolloutPlan, data: DataWork?, flags: FlagPlan?, commands: OperatorCommands) -> [WayBack] {
        var moments = rollout.holds.map(\.moment)
        if let flip = data?.readFlip, !moments.contains(flip) { moments.append(flip) }
        if !moments.contains(.afterRollout) { moments.append(.afterRollout) }
        var points = moments.sorted().map { moment -> WayBack in
            var steps: [WayBack.Step] = []
            if let flag = flags?.readFlip, let flipAt = data?.readFlip, flipAt <= moment, let change = flags?.change(flag, on: false) {
                steps.append(.readsBack(change))
            }
            steps.append(
                moment == .afterRollout
                    ? .undoAndPromote(undo: commands.undo, promote: commands.promoteFull) : .abort(commands.abort))
            if let rollback = data?.phase(.rollbackExpand) {
                if let flag = flags?.dualWrite, let change = flags?.change(flag, on: false) { steps.append(.leaveDualWrites(change)) }
                steps.append(.leaveSchema(rollback.command))
            }
            let point: WayBack.Point =
                switch moment {
                case .atWeight(let weight): .weight(weight)
                case .beforeRollout: .weight(0)
                case .afterRollout: .fullTraffic
                }
            return WayBack(point: point, steps: steps)
        }
        if let contract = data?.phase(.contract) {
            points.append(
                WayBack(
                    point: .afterContract,
                    steps: [
                        .schemaIrreversible(contractFile: contract.file), .rollForward(undo: commands.undo),
                    ]))
        }
        return points
    }
}
