import Plan
import Spec
import Units

extension Planner {
    static let expandFile = "010-expand.sql", backfillFile = "020-backfill.sql", validateFile = "025-validate.sql"
    static let verifyFile = "030-verify.sql", reconcileFile = "035-reconcile.sql", contractFile = "040-contract.sql"
    static let rollbackFile = "910-rollback-expand.sql"

    /// The data plan as values, and its phase files in run order with what each needs first.
    static func dataWork(_ data: Spec.DataPlan, spec: MigrationSpec, flags: FlagPlan?, stores: DataStores?) -> DataWork {
        let readFlip = flags?.readFlip == nil ? nil : (data.schedule.readFlip?.value ?? derivedReadFlip(spec))
        let triggers = data.dualWriteTriggers
        let dualWrites: DataPhase.DualWrites =
            !triggers.isEmpty
            ? .trigger(file: expandFile) : flags?.dualWrite.map(DataPhase.DualWrites.flag) ?? .unnamed
        let flagsOff = DataPhase.Precondition.flagsOff([flags?.dualWrite, flags?.readFlip].compactMap { $0 })
        let constraints = data.expand.contains {
            switch $0 {
            case .addCheckConstraint, .addForeignKey: true
            default: false
            }
        }
        let rollbackPath = DataPhase.folder + "/" + rollbackFile
        let connection = connectionVariable(data, service: spec.metadata.service.value)
        var phases: [DataPhase] = []
        if !data.expand.isEmpty {
            phases.append(
                DataPhase(
                    kind: .expand, file: expandFile, moment: data.schedule.expand.value,
                    preconditions: [.rolloutNotStarted, flagsOff], undo: .byFile(path: rollbackPath), connectionVariable: connection))
        }
        if let backfill = data.backfill {
            phases.append(
                DataPhase(
                    kind: .backfill, file: backfillFile, moment: data.schedule.backfill.value,
                    preconditions: [.applied(file: expandFile), .dualWritesOn(dualWrites, reaching: backfill.to.value)],
                    undo: .nothingAlone(rollbackPath: rollbackPath), connectionVariable: connection))
        }
        if constraints {
            phases.append(
                DataPhase(
                    kind: .validate, file: validateFile, moment: data.schedule.backfill.value,
                    preconditions: [.applied(file: expandFile), data.backfill == nil ? .nothing : .finished(file: backfillFile)],
                    undo: .constraintsDroppedBy(rollbackPath: rollbackPath), connectionVariable: connection))
        }
        if let backfill = data.backfill {
            let flipElsewhere = readFlip.flatMap { $0 != data.schedule.backfill.value ? $0 : nil }
            phases.append(
                DataPhase(
                    kind: .verify, file: verifyFile, moment: data.schedule.backfill.value,
                    preconditions: [
                        .finished(file: backfillFile), .dualWritesOn(dualWrites, reaching: nil),
                        .verifyAgain(beforeReadFlipAt: flipElsewhere),
                    ],
                    undo: .readOnly, connectionVariable: connection))
            phases.append(
                DataPhase(
                    kind: .reconcile, file: reconcileFile, moment: nil,
                    preconditions: [.verifyFailed(file: verifyFile), .dualWritesStayOn(dualWrites), .verifyAfterwards(file: verifyFile)],
                    undo: .onlyRepairs(target: backfill.to.value, source: backfill.from.value), connectionVariable: connection))
        }
        if !data.contract.isEmpty {
            var preconditions: [DataPhase.Precondition] = [.soaked(spec.cutover.soak)]
            if data.backfill != nil { preconditions.append(.verifiedAtSoakEnd(file: verifyFile)) }
            if flags != nil || stores != nil {
                preconditions.append(.flagFreeRelease(reads: stores?.new, stoppedWriting: stores?.separate == true ? stores?.old : nil))
            }
            if !triggers.isEmpty { preconditions.append(.triggerDroppedFirst) }
            if pointOfNoReturn(data, stores: stores, contractFile: contractFile) == .contract(file: contractFile) {
                preconditions.append(.pointOfNoReturn)
            } else if removesOldStructure(data) {
                preconditions.append(.pastPointOfNoReturn)
            } else {
                preconditions.append(.keepsTheOldVersionRunnable)
            }
            phases.append(
                DataPhase(
                    kind: .contract, file: contractFile, moment: .afterRollout, preconditions: preconditions,
                    undo: .irreversible, connectionVariable: connection))
        }
        if !data.expand.isEmpty {
            phases.append(
                DataPhase(
                    kind: .rollbackExpand, file: rollbackFile, moment: nil,
                    preconditions: [.stableOnly, flagsOff, .notYetRun(file: contractFile)],
                    undo: .reapply(file: expandFile), connectionVariable: connection))
        }
        let runner = runner(data)
        if let cluster = runner.cluster {
            phases = phases.map { phase in
                var phase = phase
                phase.execution = execution(phase.kind, cluster: cluster, names: names(spec))
                return phase
            }
        }
        return DataWork(
            database: data.database, connectionVariable: connection, runner: runner, postgresVersion: data.postgresVersion.value,
            acceptedRisks: SQLSafetyCheck.evaluate(data, source: nil).accepted, lockTimeout: data.lockTimeout,
            statementTimeout: data.statementTimeout,
            expand: data.expand.map(schemaChange), backfill: data.backfill.map(backfill), verify: verification(data.verify),
            contract: data.contract.map(removal), phases: phases, readFlip: readFlip)
    }

    /// A person, or the cluster's Jobs (the Secret is required; `check` says so when it is missing).
    static func runner(_ data: Spec.DataPlan) -> DataRunner {
        guard data.runner.value == "cluster" else { return .person }
        return .cluster(
            ClusterRunner(
                image: data.jobImage ?? "postgres:\(data.postgresVersion.value)-alpine", secret: data.secret?.value ?? "",
                secretKey: data.secretKey, runContract: data.runContract.value))
    }

    /// Who starts each phase in the cluster: the tool that owns its moment.
    static func execution(_ kind: DataPhase.Kind, cluster: ClusterRunner, names: Names) -> DataPhase.Execution {
        switch kind {
        case .expand: return .preSyncHook
        case .backfill, .validate: return .analysisStep(onDemand: nil)
        case .verify: return .analysisStep(onDemand: startCronJob(kind, names: names))
        case .reconcile, .rollbackExpand: return .startedByCommand(startCronJob(kind, names: names))
        case .contract: return .contractJob(released: cluster.runContract)
        }
    }

    /// One command that starts a phase's suspended CronJob as a Job of its own.
    private static func startCronJob(_ kind: DataPhase.Kind, names: Names) -> Command {
        let job = names.dataJob(kind)
        return .argv(["kubectl", "create", "job", "--from=cronjob/" + job, job + "-run", "-n", names.namespace])
    }

    /// `ORDERS_DATABASE_URL` for service `orders`, unless the spec names the variable.
    static func connectionVariable(_ data: Spec.DataPlan, service: String) -> String {
        if let named = data.connectionVariable { return named.value }
        return service.uppercased().map { $0 == "-" ? "_" : String($0) }.joined() + "_DATABASE_URL"
    }

    /// Reads flip at the last hold below 100%: the longest soak of the new read path while a
    /// person can still stop the rollout.
    static func derivedReadFlip(_ spec: MigrationSpec) -> Moment {
        let holds = spec.traffic.holdPoints.map(\.at.value).filter { $0 < 100 }
        return holds.max().map(Moment.atWeight) ?? .afterRollout
    }

    private static func schemaChange(_ operation: ExpandOperation) -> DataWork.SchemaChange {
        switch operation {
        case .addColumn(let add):
            .addColumn(
                table: add.table.value, column: add.column.value, type: add.type.value, nullable: add.nullable.value,
                defaultExpression: add.defaultExpression?.value)
        case .createTable(let name, let columns, _):
            .createTable(
                name: name.value,
                columns: columns.map {
                    .init(name: $0.name.value, type: $0.type.value, nullable: $0.nullable, primaryKey: $0.primaryKey)
                })
        case .createIndex(let table, let name, let columns, let unique, _):
            .createIndex(table: table.value, name: name.value, columns: columns, unique: unique)
        case .addCheckConstraint(let table, let name, let expression, _):
            .addCheck(table: table.value, name: name.value, expression: expression.value)
        case .addForeignKey(let key):
            .addForeignKey(
                table: key.table.value, name: key.name.value, columns: key.columns, references: key.references,
                referencedColumns: key.referencedColumns)
        case .dualWriteTrigger(let trigger):
            .dualWriteTrigger(.init(from: trigger.from.value, to: trigger.to.value, columns: trigger.columns, key: trigger.key.value))
        case .sql(let snippet, let undo):
            .sql(snippet.value, undo: undo?.value, line: snippet.range.start.line)
        }
    }

    private static func removal(_ operation: ContractOperation) -> DataWork.Removal {
        switch operation {
        case .dropColumn(let table, let column, _): .dropColumn(table: table.value, column: column.value)
        case .dropTable(let table): .dropTable(table.value)
        case .sql(let snippet): .sql(snippet.value, line: snippet.range.start.line)
        }
    }

    private static func backfill(_ backfill: Spec.Backfill) -> DataWork.Backfill {
        DataWork.Backfill(
            from: backfill.from.value, to: backfill.to.value, key: backfill.key.value, columns: backfill.columns.map(\.value),
            transform: backfill.transform.map { ($0.column, $0.expression.value) }, batchSize: backfill.batchSize,
            sleep: backfill.sleep)
    }

    private static func verification(_ verify: Spec.Verification) -> DataWork.Verification {
        DataWork.Verification(
            counts: verify.counts, sampleRate: verify.sampleRate, checksum: verify.checksum, maxMismatch: verify.maxMismatch)
    }
}
