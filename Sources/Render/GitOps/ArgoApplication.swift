public import Plan
import Spec
import YAML

/// Where and how Argo CD syncs a published migration: repository-wide choices recorded in
/// the publish lock, so every publisher and every drift check renders the same Application.
public struct ArgoApplicationSettings: Sendable, Equatable {
    /// The GitOps repository as Argo CD clones it (never with credentials).
    public var repoURL: String
    /// The branch Argo CD follows.
    public var targetRevision: String
    public var project: String
    /// The namespace Argo CD's Applications live in.
    public var namespace: String
    public var destinationServer: String
    /// Off by default: the runbook's `argocd app sync` is a deliberate step of the cutover.
    public var automatedSync: Bool

    public static let defaultProject = "default"
    public static let defaultNamespace = "argocd"
    public static let defaultDestinationServer = "https://kubernetes.default.svc"

    public init(
        repoURL: String, targetRevision: String, project: String = defaultProject, namespace: String = defaultNamespace,
        destinationServer: String = defaultDestinationServer, automatedSync: Bool = false
    ) {
        self.repoURL = repoURL
        self.targetRevision = targetRevision
        self.project = project
        self.namespace = namespace
        self.destinationServer = destinationServer
        self.automatedSync = automatedSync
    }
}

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
        _ plan: MigrationPlan, settings: ArgoApplicationSettings, sourcePath: String
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
            ("metadata", .map([
                ("name", .string(names.migration)), ("namespace", .string(settings.namespace)), ("labels", context.commonLabels),
            ])),
            ("spec", .map([
                ("project", .string(settings.project)),
                ("source", .map([
                    ("repoURL", .string(settings.repoURL)),
                    ("targetRevision", .string(settings.targetRevision)),
                    ("path", .string(sourcePath)),
                ])),
                ("destination", .map([("server", .string(settings.destinationServer)), ("namespace", .string(names.namespace))])),
                ("ignoreDifferences", .list(ignoredFields(plan))),
                ("syncPolicy", syncPolicy),
            ])),
        ])
        return try context.file(fileName, kind: "Argo CD Application", documents: [document], command: "publish")
    }

    /// The fields Argo Rollouts owns at run time, addressed by object name and, for routes, by
    /// route name, so a hand-made change anywhere else still shows as drift.
    static func ignoredFields(_ plan: MigrationPlan) -> [YAMLValue] {
        let names = plan.names
        let routes = [names.mirroredRoute, names.route].compactMap { $0 }
        var ignored: [YAMLValue] = [
            .map([
                ("group", .string("networking.istio.io")), ("kind", .string("VirtualService")),
                ("name", .string(names.virtualService)), ("namespace", .string(names.namespace)),
                ("jqPathExpressions", .list(routes.map { route in
                    .string(#".spec.http[] | select(.name == "\#(route)") | .route[].weight"#)
                })),
            ]),
        ]
        if plan.spec.traffic.routing.value == .subset {
            ignored += names.destinationRules.map { rule in
                .map([
                    ("group", .string("networking.istio.io")), ("kind", .string("DestinationRule")),
                    ("name", .string(rule.name)), ("namespace", .string(names.namespace)),
                    ("jqPathExpressions", .list([.string(#".spec.subsets[].labels["\#(podTemplateHash)"]"#)])),
                ])
            }
        }
        return ignored
    }
}
