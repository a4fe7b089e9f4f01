import Files
public import Plan

extension RepositoryView {
    /// The render a publish repeats on every attempt, against the commit it builds on: the
    /// settings (those resolved at the start, unless another publisher changed the recorded
    /// ones), then every spec into its folder. An unchanged spec, place and settings is rendered
    /// only if its files in the repository are not intact; a spec the lock vouched for is
    /// checked only then. `signOff`: a new approval, rendered into its migration's runbook with
    /// the recorded ones.
    public func render(_ specs: [RepositorySpec], signOff: SignOffRecord? = nil, with rendering: MigrationRendering)
        -> RepositoryRender
    {
        let view = self
        return { base throws(PublishError) in
            let lock = base.lock
            let signOffs = base.signOffs + (signOff.map { new in base.signOffs.contains { $0.isSame(as: new) } ? [] : [new] } ?? [])
            let settings = try view.settings(recorded: lock?.settings)
            let layout = try Layout(settings.layout)
            let sameSettings = lock?.settings == settings
            let files: @Sendable (CheckedPlan, String) throws(PublishError) -> [Artifact] = { plan, folder throws(PublishError) in
                let name = plan.names.migration
                return try rendering.files(plan, signOffs.filter { $0.migration == name }, settings, folder)
                    .map { Artifact(path: folder + "/" + $0.path, contents: $0.contents) }
            }
            let recordedBySpec = Dictionary(
                (lock?.migrations ?? [:]).map { ($0.value.spec, ($0.key, $0.value)) }, uniquingKeysWith: { first, _ in first })
            var outputs: [MigrationOutput] = []
            for spec in specs {
                // Vouched for by the lock at the start and still as this base records it.
                if spec.plan == nil, sameSettings, let (name, recorded) = recordedBySpec[spec.displayPath],
                    recorded.specSHA256 == spec.digest, signOff?.migration != name
                {
                    let folder = recorded.folder
                    outputs.append(
                        MigrationOutput(name: name, spec: spec.displayPath, specSHA256: spec.digest, folder: folder) {
                            () throws(PublishError) in try files(try rendering.recheck(spec), folder)
                        })
                    continue
                }
                let plan: CheckedPlan
                if let checked = spec.plan { plan = checked } else { plan = try rendering.recheck(spec) }
                let name = plan.names.migration
                try Self.admit(plan, lock: lock, signOffs: signOffs, rendering: rendering)
                let folder = try layout.folder(service: plan.migration.service, name: name, namespace: plan.names.namespace)
                let (specPath, digest) = (plan.origin.displayPath, plan.origin.digest)
                // A new sign-off always renders: its runbook changes.
                if sameSettings, signOff?.migration != name, let recorded = lock?.migrations[name], recorded.spec == specPath,
                    recorded.specSHA256 == digest, recorded.folder == folder
                {
                    outputs.append(
                        MigrationOutput(name: name, spec: specPath, specSHA256: digest, folder: folder) { () throws(PublishError) in
                            try files(plan, folder)
                        })
                } else {
                    outputs.append(
                        MigrationOutput(name: name, spec: specPath, specSHA256: digest, folder: folder, files: try files(plan, folder)))
                }
            }
            return (settings, outputs)
        }
    }

    /// The settings against a base's recorded ones: those resolved at the start when the base
    /// records what the start found.
    func settings(recorded: PublishLock.Settings?) throws(PublishError) -> PublishLock.Settings {
        if let settings, recorded == self.recorded?.lock.settings { return settings }
        return try PublishLock.Settings.resolve(options, recorded: recorded, branch: branch, originURL: originURL, generator: generator)
    }

    /// What the repository at the base must allow before a migration's files go in. The check
    /// ran against the lock read at the start; the commit built on (another publisher's, after
    /// a push race) decides. The contract's Job goes out only with every role's approval of the
    /// point of no return, for these very files (the Job itself is outside their digest).
    static func admit(
        _ plan: CheckedPlan, lock: PublishLock?, signOffs: [SignOffRecord], rendering: MigrationRendering
    ) throws(PublishError) {
        let name = plan.names.migration
        if plan.workload.changesVersionThroughCanary, lock?.migrations[name] == nil {
            throw .firstPublishSkipsCanary(migration: name, spec: plan.origin.displayPath)
        }
        if plan.data?.runner.cluster?.runContract == true {
            let waiting = try rendering.waitingSignOffs(plan, .pointOfNoReturn, signOffs)
            if !waiting.isEmpty { throw .contractWithoutSignOff(migration: name, waiting: waiting) }
        }
    }
}

extension SignOffRecord {
    /// The same approval, whatever commit records it.
    func isSame(as other: SignOffRecord) -> Bool {
        (migration, point, role, signer, artifactsDigest) == (other.migration, other.point, other.role, other.signer, other.artifactsDigest)
    }
}
