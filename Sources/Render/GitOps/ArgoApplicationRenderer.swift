public import Files
public import Plan
import YAML

/// The Argo CD `Application` of one published migration folder. Argo Rollouts rewrites the
/// VirtualService route weights (every route it manages, the mirrored route included) and,
/// with subset routing, adds the pod-template hash to the DestinationRule's subset labels;
/// the Application ignores exactly those fields and syncs with `RespectIgnoreDifferences`,
/// so neither a diff nor self-heal ever puts the weights back mid-canary.
public enum ArgoApplicationRenderer {
    public static let fileName = "application.yaml"
    /// The label Argo Rollouts adds to subsets and Service selectors at run time.
    static let podTemplateHash = "rollouts-pod-template-hash"

    /// `sourcePath` is the migration's `manifests/` folder inside the repository.
    public static func render(
        _ plan: CheckedPlan, settings: ArgoApplicationSettings, sourcePath: String
    ) throws(RenderError) -> Artifact {
        let context = ManifestContext(plan: plan)
        let names = plan.names
        let syncPolicy = YAMLValue.map([
            ("automated", settings.automatedSync ? .map([("prune", .bool(false)), ("selfHeal", .bool(true))]) : nil),
            ("syncOptions", .list(["RespectIgnoreDifferences=true", "ApplyOutOfSyncOnly=true"].map(YAMLValue.string))),
        ])
        let document = YAMLValue.map([
            ("apiVersion", .string("argoproj.io/v1alpha1")),
            ("kind", .string("Application")),
            (
                "metadata",
                .map([
                    ("name", .string(names.migration)), ("namespace", .string(settings.namespace)), ("labels", context.commonLabels),
                ])
            ),
            (
                "spec",
                .map([
                    ("project", .string(settings.project)),
                    (
                        "source",
                        .map([
                            ("repoURL", .string(settings.repoURL)),
                            ("targetRevision", .string(settings.targetRevision)),
                            ("path", .string(sourcePath)),
                        ])
                    ),
                    ("destination", .map([("server", .string(settings.destinationServer)), ("namespace", .string(names.namespace))])),
                    ("ignoreDifferences", .list(ignoredFields(plan))),
                    ("syncPolicy", syncPolicy),
                ])
            ),
        ])
        return try context.file(fileName, kind: "Argo CD Application", documents: [document], command: "publish")
    }

    /// The fields Argo Rollouts owns at run time, addressed by object name and, for routes, by
    /// route name, so a hand-made change anywhere else still shows as drift.
    static func ignoredFields(_ plan: CheckedPlan) -> [YAMLValue] {
        let names = plan.names
        let routes = [names.mirroredRoute, names.route].compactMap { $0 }
        var ignored: [YAMLValue] = [
            .map([
                ("group", .string("networking.istio.io")), ("kind", .string("VirtualService")),
                ("name", .string(names.virtualService)), ("namespace", .string(names.namespace)),
                (
                    "jqPathExpressions",
                    .list(
                        routes.map { route in
                            .string(#".spec.http[] | select(.name == "\#(route)") | .route[].weight"#)
                        })
                ),
            ])
        ]
        if plan.routing.mode == .subset {
            ignored += names.destinationRules.map { rule in
                .map([
                    ("group", .string("networking.istio.io")), ("kind", .string("DestinationRule")),
                    ("name", .string(rule.name)), ("namespace", .string(names.namespace)),
                    ("jqPathExpressions", .list([.string(#".spec.subsets[].labels["\#(podTemplateHash)"]"#)])),
                ])
            }
        }
        // Flags changed live with kubectl patch: Argo CD must neither report them as drift nor,
        // with RespectIgnoreDifferences, put the generated values back on the next sync.
        if let flags = plan.flags, case .object(let object, let change) = flags.system, change == .kubectl {
            ignored.append(
                .map([
                    ("group", object.group.isEmpty ? nil : .string(object.group)), ("kind", .string(object.kubernetesKind)),
                    ("name", .string(object.name)), ("namespace", .string(object.namespace)),
                    ("jsonPointers", .list([.string(object.kind == .featureFlag ? "/spec/flagSpec/flags" : "/data")])),
                ]))
        }
        return ignored
    }
}
