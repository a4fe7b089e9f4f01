import Digest
import Files
import Plan
import Units
import YAML

/// The data plan run in the cluster (`data.runner: cluster`): the SQL files in a ConfigMap, and
/// for each phase a Job running exactly the runbook's psql line (`-X`, ON_ERROR_STOP, the phase
/// file, `-d` from the variable the Secret fills), ordered by the tool that owns its moment:
/// expand as an Argo CD PreSync hook, backfill, validate and verify as Argo Rollouts `job`
/// metrics, the repair and the way back as suspended CronJobs one command starts, and the
/// contract only when the spec publishes it after the sign-off.
struct DataJobsRenderer {
    let context: ManifestContext
    var plan: CheckedPlan { context.plan }
    var names: Names { context.names }

    /// Where the ConfigMap is mounted; the container works from its parent, so `sql/FILE` is
    /// the path the runbook's command names.
    static let workingDirectory = "/migration"
    /// The psql image's own unprivileged user (`postgres`, 70, in the alpine images).
    static let user = 70
    /// The longest a backfill or a repair may run before Kubernetes stops it.
    static let longPhaseDeadline = TimeSpan.seconds(12 * 3600)

    func render(sql: [Artifact]) throws(RenderError) -> [Artifact] {
        guard let data = plan.data, let cluster = data.runner.cluster else { return [] }
        var files: [Artifact] = []
        let configMap = YAMLValue.map([
            ("apiVersion", .string("v1")), ("kind", .string("ConfigMap")), ("metadata", context.metadata(names.sqlConfigMap)),
            (
                "data",
                .map(sql.map { (String($0.path.dropFirst(DataPhase.folder.count + 1)), YAMLValue.string($0.contents)) })
            ),
        ])
        files.append(try context.file("manifests/\(Names.File.sql)", kind: "ConfigMap of the SQL phases", documents: [configMap]))

        var jobs: [YAMLValue] = []
        var templates: [YAMLValue] = []
        var contract: YAMLValue?
        for phase in data.phases {
            switch phase.execution {
            case .preSyncHook:
                let digest = sql.first { $0.path == phase.path }.map { SHA256.hex($0.contents) }
                // Named, without a delete policy: Argo CD creates a named hook once, so a re-sync
                // does not run the same expand again, and a failed one stays with its logs until
                // someone deletes it (argo-cd docs/user-guide/resource_hooks.md).
                jobs.append(job(phase, cluster: cluster, name: names.dataJob(phase.kind, contentDigest: digest), hook: "PreSync"))
            case .analysisStep(let onDemand):
                templates.append(analysisTemplate(phase, cluster: cluster))
                if onDemand != nil { jobs.append(cronJob(phase, cluster: cluster)) }
            case .startedByCommand:
                jobs.append(cronJob(phase, cluster: cluster))
            case .contractJob(let released):
                contract = job(phase, cluster: cluster, name: names.dataJob(phase.kind), hook: nil, suspended: !released)
            case .byPerson:
                break
            }
        }
        if !jobs.isEmpty {
            files.append(try context.file("manifests/\(Names.File.dataJobs)", kind: "Data phase Jobs", documents: jobs))
        }
        if !templates.isEmpty {
            files.append(
                try context.file("manifests/\(Names.File.dataAnalysis)", kind: "Data phase AnalysisTemplates", documents: templates))
        }
        if let contract {
            files.append(try context.file("manifests/\(Names.File.contractJob)", kind: "Contract Job", documents: [contract]))
        }
        return files
    }

    // MARK: Objects

    /// `suspended`: synced, and no pod runs until a publish sets `suspend: false` (a Job's only
    /// field that may change after it is created).
    private func job(_ phase: DataPhase, cluster: ClusterRunner, name: String, hook: String?, suspended: Bool = false) -> YAMLValue {
        var metadata: [(String, YAMLValue?)] = [
            ("name", .string(name)), ("namespace", .string(names.namespace)), ("labels", context.commonLabels),
        ]
        if let hook { metadata.append(("annotations", .map([("argocd.argoproj.io/hook", .string(hook))]))) }
        return .map([
            ("apiVersion", .string("batch/v1")), ("kind", .string("Job")), ("metadata", .map(metadata)),
            ("spec", jobSpec(phase, cluster: cluster, suspended: suspended)),
        ])
    }

    /// Suspended and scheduled never to fire: it exists so that one command starts it
    /// (`kubectl create job --from=cronjob/NAME`), with nothing to type but its name.
    private func cronJob(_ phase: DataPhase, cluster: ClusterRunner) -> YAMLValue {
        .map([
            ("apiVersion", .string("batch/v1")), ("kind", .string("CronJob")), ("metadata", context.metadata(names.dataJob(phase.kind))),
            (
                "spec",
                .map([
                    ("schedule", .string("0 0 31 2 *")), ("suspend", .bool(true)), ("concurrencyPolicy", .string("Forbid")),
                    ("jobTemplate", .map([("spec", jobSpec(phase, cluster: cluster))])),
                ])
            ),
        ])
    }

    /// An analysis the Rollout runs as a step: one measurement, a Job running the phase; a
    /// failed Job fails the measurement, the analysis and the rollout.
    private func analysisTemplate(_ phase: DataPhase, cluster: ClusterRunner) -> YAMLValue {
        context.object(
            apiVersion: "argoproj.io/v1alpha1", kind: "AnalysisTemplate", name: names.dataTemplate(phase.kind),
            spec: .map([
                (
                    "metrics",
                    .list([
                        .map([
                            ("name", .string(phase.kind.rawValue)), ("count", .int(1)), ("failureLimit", .int(0)),
                            (
                                "provider",
                                .map([
                                    (
                                        "job",
                                        .map([
                                            // Labelled like every other data Job, so one selector lists them all.
                                            ("metadata", .map([("labels", context.commonLabels)])),
                                            ("spec", jobSpec(phase, cluster: cluster)),
                                        ])
                                    )
                                ])
                            ),
                        ])
                    ])
                )
            ]))
    }

    /// The Job every phase shares: the runbook's psql line as an argument array (Kubernetes
    /// fills `$(VARIABLE)` from the container's environment, as the shell fills `"$VARIABLE"`),
    /// the connection from the Secret, non-root with nothing writable but /tmp, each attempt's
    /// pod kept with its logs (`restartPolicy: Never`), a deadline and a retry budget that
    /// fit the phase.
    private func jobSpec(_ phase: DataPhase, cluster: ClusterRunner, suspended: Bool = false) -> YAMLValue {
        let data = plan.data
        let variable = data?.connectionVariable ?? "DATABASE_URL"
        let (retries, deadline) = Self.limits(phase.kind, statementTimeout: data?.statementTimeout ?? .seconds(300))
        let container = YAMLValue.map([
            ("name", .string("psql")),
            ("image", .string(cluster.image)),
            ("workingDir", .string(Self.workingDirectory)),
            ("command", .list([.string("psql")])),
            ("args", .list(Self.arguments(phase, variable: variable).map(YAMLValue.string))),
            (
                "env",
                .list([
                    .map([
                        ("name", .string(variable)),
                        (
                            "valueFrom",
                            .map([("secretKeyRef", .map([("name", .string(cluster.secret)), ("key", .string(cluster.secretKey))]))])
                        ),
                    ]),
                    .map([("name", .string("HOME")), ("value", .string("/tmp"))]),
                ])
            ),
            (
                "securityContext",
                .map([
                    ("allowPrivilegeEscalation", .bool(false)), ("readOnlyRootFilesystem", .bool(true)),
                    ("capabilities", .map([("drop", .list([.string("ALL")]))])),
                ])
            ),
            (
                "volumeMounts",
                .list([
                    .map([
                        ("name", .string("sql")), ("mountPath", .string(Self.workingDirectory + "/" + DataPhase.folder)),
                        ("readOnly", .bool(true)),
                    ]),
                    .map([("name", .string("tmp")), ("mountPath", .string("/tmp"))]),
                ])
            ),
        ])
        return .map([
            ("suspend", suspended ? .bool(true) : nil),
            ("backoffLimit", .int(retries)),
            ("activeDeadlineSeconds", .int(max(1, deadline.milliseconds / 1000))),
            (
                "template",
                .map([
                    ("metadata", .map([("labels", context.commonLabels)])),
                    (
                        "spec",
                        .map([
                            ("restartPolicy", .string("Never")),
                            (
                                "securityContext",
                                .map([
                                    ("runAsNonRoot", .bool(true)), ("runAsUser", .int(Self.user)), ("runAsGroup", .int(Self.user)),
                                    ("seccompProfile", .map([("type", .string("RuntimeDefault"))])),
                                ])
                            ),
                            ("containers", .list([container])),
                            (
                                "volumes",
                                .list([
                                    .map([("name", .string("sql")), ("configMap", .map([("name", .string(names.sqlConfigMap))]))]),
                                    .map([("name", .string("tmp")), ("emptyDir", .map([]))]),
                                ])
                            ),
                        ])
                    ),
                ])
            ),
        ])
    }

    /// The psql arguments of the runbook's command, with the variable in Kubernetes' form.
    static func arguments(_ phase: DataPhase, variable: String) -> [String] {
        ["-X", "-v", "ON_ERROR_STOP=1", "-d", "$(\(variable))", "-f", phase.path]
    }

    /// How often a phase is tried again, and how long it may run. Expand, validate and the way
    /// back are re-runnable (guarded statements) and fail mostly on lock_timeout, which a retry
    /// clears; the backfill and the repair resume from their committed progress; a failed verify
    /// is a finding, not an accident, so it is never retried; the contract is irreversible and a
    /// failure wants a person.
    static func limits(_ kind: DataPhase.Kind, statementTimeout: TimeSpan) -> (retries: Int, deadline: TimeSpan) {
        let short = statementTimeout * 3 + .seconds(300)
        switch kind {
        case .expand, .validate: return (2, short)
        case .backfill: return (3, longPhaseDeadline)
        case .reconcile: return (1, longPhaseDeadline)
        case .verify: return (0, statementTimeout * 2 + .seconds(300))
        case .rollbackExpand: return (1, short)
        case .contract: return (0, short)
        }
    }
}
