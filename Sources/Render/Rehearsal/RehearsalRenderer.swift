import Files
import Plan
import YAML

/// The rehearsal as GitOps objects: the k6 script (a file, and a ConfigMap the Jobs mount), a
/// suspended CronJob one command starts against the staging copy, the AnalysisTemplate whose
/// `job` metric runs the same script as the Rollout's gate, and the staging copy's Argo CD
/// Application in a folder of its own (an Application belongs to Argo CD's namespace, not the
/// migration's).
struct RehearsalRenderer {
    let context: ManifestContext
    var plan: CheckedPlan { context.plan }
    var names: Names { context.names }

    static let scriptKey = "load-test.js"
    static let mountPath = "/rehearsal"

    func render() throws(RenderError) -> [Artifact] {
        guard let rehearsal = plan.rehearsal else { return [] }
        let script = LoadTestScript(plan: plan, rehearsal: rehearsal).text
        var documents: [YAMLValue] = [
            .map([
                ("apiVersion", .string("v1")), ("kind", .string("ConfigMap")), ("metadata", context.metadata(names.rehearsalJob)),
                ("data", .map([(Self.scriptKey, .string(script))])),
            ]),
            .map([
                ("apiVersion", .string("batch/v1")), ("kind", .string("CronJob")), ("metadata", context.metadata(names.rehearsalJob)),
                (
                    "spec",
                    .map([
                        ("schedule", .string("0 0 31 2 *")), ("suspend", .bool(true)), ("concurrencyPolicy", .string("Forbid")),
                        ("jobTemplate", .map([("spec", jobSpec(rehearsal))])),
                    ])
                ),
            ]),
        ]
        if rehearsal.gate != .none {
            documents.append(
                context.object(
                    apiVersion: "argoproj.io/v1alpha1", kind: "AnalysisTemplate", name: names.rehearsalTemplate,
                    spec: .map([
                        (
                            "metrics",
                            .list([
                                .map([
                                    ("name", .string("rehearsal")), ("count", .int(1)), ("failureLimit", .int(0)),
                                    (
                                        "provider",
                                        .map([
                                            (
                                                "job",
                                                .map([("metadata", .map([("labels", context.commonLabels)])), ("spec", jobSpec(rehearsal))])
                                            )
                                        ])
                                    ),
                                ])
                            ])
                        )
                    ])))
        }
        var files = [
            Artifact(path: RehearsalPlan.script, contents: script),
            try context.file("manifests/\(Names.File.rehearsal)", kind: "Rehearsal", documents: documents),
        ]
        if let application = rehearsal.application {
            let app = YAMLValue.map([
                ("apiVersion", .string("argoproj.io/v1alpha1")), ("kind", .string("Application")),
                (
                    "metadata",
                    .map([("name", .string(names.stagingApplication)), ("namespace", .string("argocd")), ("labels", context.commonLabels)])
                ),
                (
                    "spec",
                    .map([
                        ("project", .string(application.project)),
                        (
                            "source",
                            .map([
                                ("repoURL", .string(application.repoURL)), ("path", .string(application.path)),
                                ("targetRevision", .string(application.revision)),
                            ])
                        ),
                        (
                            "destination",
                            .map([("server", .string("https://kubernetes.default.svc")), ("namespace", .string(application.namespace))])
                        ),
                        ("syncPolicy", .map([("syncOptions", .list([.string("CreateNamespace=true")]))])),
                    ])
                ),
            ])
            files.append(try context.file("rehearsal/application.yaml", kind: "Argo CD Application of the staging copy", documents: [app]))
            let kustomization = YAMLValue.map([
                ("apiVersion", .string("kustomize.config.k8s.io/v1beta1")), ("kind", .string("Kustomization")),
                ("resources", .list([.string("application.yaml")])),
            ])
            files.append(try context.file("rehearsal/kustomization.yaml", kind: "Kustomization", documents: [kustomization]))
        }
        return files
    }

    /// k6 exits 99 when a threshold fails: the Job, and with it the gate's measurement, fails.
    /// Never retried (a failed rehearsal is a finding); bounded by the test's own length.
    private func jobSpec(_ rehearsal: RehearsalPlan) -> YAMLValue {
        let deadline = max(60, rehearsal.duration.milliseconds / 1000 * 2 + 120)
        return .map([
            ("backoffLimit", .int(0)),
            ("activeDeadlineSeconds", .int(deadline)),
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
                                    ("runAsNonRoot", .bool(true)), ("runAsUser", .int(12345)),
                                    ("seccompProfile", .map([("type", .string("RuntimeDefault"))])),
                                ])
                            ),
                            (
                                "containers",
                                .list([
                                    .map([
                                        ("name", .string("k6")), ("image", .string(rehearsal.image)),
                                        ("args", .list([.string("run"), .string(Self.mountPath + "/" + Self.scriptKey)])),
                                        ("env", .list([.map([("name", .string("BASE_URL")), ("value", .string(rehearsal.target))])])),
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
                                                    ("name", .string("script")), ("mountPath", .string(Self.mountPath)),
                                                    ("readOnly", .bool(true)),
                                                ])
                                            ])
                                        ),
                                    ])
                                ])
                            ),
                            (
                                "volumes",
                                .list([.map([("name", .string("script")), ("configMap", .map([("name", .string(names.rehearsalJob))]))])])
                            ),
                        ])
                    ),
                ])
            ),
        ])
    }
}
