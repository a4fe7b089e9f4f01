import Diagnostics
import Plan
import Spec
import Units

/// The data plan against the traffic plan, which no SQL linter sees: expand before the first
/// canary weight, reads flipped only after the backfill is verified, writes reaching the new
/// store whenever it is read or filled, contract only after 100% and the soak, and a way back
/// for everything before the point of no return.
enum DataPlanCheck: Check {
    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics) {
        let spec = context.spec
        guard let data = spec.data else { return }
        if data.engine.value != "postgres" {
            diagnostics.append(CheckMessages.engineUnsupported(data.engine))
            return
        }
        checkSchedule(spec, data, into: &diagnostics)
        checkDualWrites(spec, data, into: &diagnostics)
        checkBackfill(data, into: &diagnostics)
        checkContract(spec, data, into: &diagnostics)
        checkRunner(data, into: &diagnostics)
        for case .sql(let snippet, nil) in data.expand {
            diagnostics.append(CheckMessages.rawSQLWithoutUndo(snippet.range))
        }
    }

    private static func checkSchedule(_ spec: MigrationSpec, _ data: DataPlan, into diagnostics: inout Diagnostics) {
        let schedule = data.schedule
        if schedule.expand.value != .beforeRollout {
            diagnostics.append(CheckMessages.expandAfterCanary(schedule.expand))
        }
        let weights = spec.traffic.steps.map(\.weight.value)
        for moment in [schedule.expand, schedule.backfill] + [schedule.readFlip].compactMap({ $0 }) {
            if case .atWeight(let weight) = moment.value, !weights.contains(weight) {
                diagnostics.append(CheckMessages.momentNotAStep(moment, weights: weights))
            }
        }
        if spec.flags?.readFlip == nil, let readFlip = schedule.readFlip {
            diagnostics.append(CheckMessages.readFlipWithoutFlag(readFlip))
        }
    }

    /// Whatever reads or fills the new store needs every later write to reach it too.
    private static func checkDualWrites(_ spec: MigrationSpec, _ data: DataPlan, into diagnostics: inout Diagnostics) {
        guard spec.flags?.dualWrite == nil, data.dualWriteTriggers.isEmpty else { return }
        if let backfill = data.backfill {
            diagnostics.append(CheckMessages.backfillWithoutDualWrites(backfill))
        } else if let readFlip = spec.flags?.readFlip {
            diagnostics.append(CheckMessages.readFlipWithoutDualWrites(readFlip))
        }
    }

    private static func checkBackfill(_ data: DataPlan, into diagnostics: inout Diagnostics) {
        guard let backfill = data.backfill else { return }
        let columns = backfill.columns.map(\.value)
        if backfill.isInPlace {
            for column in backfill.columns where backfill.sourceExpression(for: column.value) == nil {
                diagnostics.append(CheckMessages.inPlaceWithoutTransform(column))
            }
            let added = Set(
                data.expand.compactMap {
                    if case .addColumn(let add) = $0, add.table.value == backfill.to.value { add.column.value } else { nil }
                })
            for column in backfill.columns where !added.contains(column.value) {
                diagnostics.append(CheckMessages.inPlaceOverwrites(column, table: backfill.to.value))
            }
            return
        }
        if !columns.contains(backfill.key.value) {
            diagnostics.append(CheckMessages.keyNotCopied(backfill.key, to: backfill.to.value))
        }
        for case .createTable(let name, let tableColumns, _) in data.expand where name.value == backfill.to.value {
            let keyColumns = tableColumns.filter(\.primaryKey).map(\.name.value)
            if keyColumns != [backfill.key.value] {
                diagnostics.append(CheckMessages.targetKeyNotUnique(backfill.key, table: name))
            }
        }
        for (column, expression) in backfill.transform where !columns.contains(column) {
            diagnostics.append(CheckMessages.transformForUnknownColumn(column, at: expression.range))
        }
    }

    /// The cluster's Jobs need the Secret; the runner's own fields mean nothing to a person.
    private static func checkRunner(_ data: DataPlan, into diagnostics: inout Diagnostics) {
        if data.runner.value == "cluster" {
            if data.secret == nil { diagnostics.append(CheckMessages.clusterRunnerWithoutSecret(data.runner)) }
            if data.runContract.value, data.contract.isEmpty {
                diagnostics.append(CheckMessages.runContractWithoutContract(data.runContract))
            }
        } else if data.runContract.value {
            diagnostics.append(CheckMessages.runContractWithoutCluster(data.runContract))
        }
    }

    private static func checkContract(_ spec: MigrationSpec, _ data: DataPlan, into diagnostics: inout Diagnostics) {
        guard let first = data.contract.first else { return }
        let firstRange: SourceRange =
            switch first {
            case .dropColumn(_, _, let range): range
            case .dropTable(let table): table.range
            case .sql(let snippet): snippet.range
            }
        if spec.cutover.soak == .zero {
            diagnostics.append(CheckMessages.contractWithoutSoak(at: firstRange))
        }
        // The new store: what the backfill fills and the dual-write triggers write. Contract must
        // not drop what the expand phase added there; it may drop what was added to the old side.
        var newStore = Set(data.dualWriteTriggers.map(\.to.value))
        if let backfill = data.backfill { newStore.insert(backfill.to.value) }
        var created: [String: SourceRange] = [:]
        for operation in data.expand {
            switch operation {
            case .createTable(let name, _, _) where newStore.contains(name.value):
                created[name.value] = name.range
            case .addColumn(let add) where newStore.contains(add.table.value):
                created[add.table.value + "." + add.column.value] = add.column.range
            default: break
            }
        }
        let source = data.backfill.flatMap { $0.isInPlace ? nil : $0.from.value }
        for operation in data.contract {
            let (object, range): (String, SourceRange)
            switch operation {
            case .dropColumn(let table, let column, _): (object, range) = (table.value + "." + column.value, column.range)
            case .dropTable(let table): (object, range) = (table.value, table.range)
            case .sql: continue
            }
            if let createdAt = created[object] ?? created[String(object.split(separator: ".").first ?? "")] {
                diagnostics.append(CheckMessages.contractDropsNewStructure(object, at: range, createdAt: createdAt))
            }
            if object == source, spec.flags?.readFlip == nil {
                diagnostics.append(CheckMessages.contractDropsStillRead(object, at: range))
            }
        }
    }
}

/// Reads flip at the moment the plan derives (the spec's, or the default); never before the
/// backfill it needs is verified.
enum DataScheduleCheck: PlanCheck {
    static func run(_ context: PlanCheckContext, into diagnostics: inout Diagnostics) {
        let spec = context.spec
        guard let data = spec.data, let flag = spec.flags?.readFlip, data.backfill != nil,
            let readFlip = context.plan.data?.readFlip, readFlip < data.schedule.backfill.value
        else { return }
        diagnostics.append(
            CheckMessages.readFlipBeforeVerify(
                readFlip: readFlip, at: data.schedule.readFlip?.range ?? flag.range, backfill: data.schedule.backfill))
    }
}
