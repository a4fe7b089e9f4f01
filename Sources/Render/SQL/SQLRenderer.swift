public import Files
public import Plan

/// The SQL phase files of one migration, as artifacts under `sql/`, in run order.
public enum SQLRenderer {
    public static func render(_ plan: CheckedPlan) -> [Artifact] {
        if let move = plan.move { return MoveSQL(plan: plan, move: move).render() }
        guard let data = plan.data else { return [] }
        let progress = data.backfill.map { BackfillProgress(migration: plan.names.migration, target: $0.to) }
        let expand = ExpandSQL(operations: data.expand, progress: progress)
        // The plan lists the backfill, verify and reconcile phases only when there is a backfill.
        return data.phases.compactMap { phase in
            let file = SQLPhaseFile(plan: plan, data: data, phase: phase)
            switch phase.kind {
            case .expand:
                return file.render(body: expand.forward(), rerun: "safe; every statement is guarded (IF NOT EXISTS or a catalog check).")
            case .backfill:
                guard let backfill = data.backfill, let progress else { return nil }
                return file.render(
                    body: BackfillSQL(backfill: backfill, progress: progress).body(),
                    rerun: "safe; it resumes after the last committed batch and never writes a row twice.")
            case .validate:
                return file.render(
                    body: ValidateSQL(operations: data.expand).body(),
                    rerun: "safe; validating a valid constraint does nothing.")
            case .reconcile:
                guard let backfill = data.backfill else { return nil }
                let repair = BackfillProgress(migration: plan.names.migration, target: backfill.to + " reconcile")
                return file.render(
                    body: ReconcileSQL(backfill: backfill, progress: repair).body(),
                    rerun: "safe; it resumes after its last committed batch, and a finished walk starts over.")
            case .verify:
                guard let backfill = data.backfill else { return nil }
                let repair = data.phase(.reconcile)?.file ?? ""
                return file.render(
                    body: VerifySQL(backfill: backfill, verify: data.verify, repairFile: repair).body(),
                    rerun: "safe; it only reads.")
            case .contract:
                return file.render(
                    body: ContractSQL(operations: data.contract, triggers: data.dualWriteTriggers, progress: progress).body(),
                    rerun: "safe; every removal is guarded with IF EXISTS.")
            case .rollbackExpand:
                return file.render(body: expand.rollback(), rerun: "safe; every removal is guarded with IF EXISTS.")
            }
        }
    }
}
