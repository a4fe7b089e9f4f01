import Files
import Plan
import YAML

/// Plain Kubernetes objects around the Rollout: the stable and canary Services of host routing
/// (Argo Rollouts adds the pod-template-hash to their selectors at run time) and the
/// kustomization that lets Argo CD sync the folder as it is.
struct KubernetesRenderer {
    let context: ManifestContext
    var routing: RoutingPlan { context.plan.routing }
    var names: Names { context.names }

    /// Nil with subset routing: the one Service already exists and is not glidepath's to own.
    func services() throws(RenderError) -> Artifact? {
        guard routing.mode == .host else { return nil }
        let documents = [names.stableService, names.canaryService].map { name in
            YAMLValue.map([
                ("apiVersion", .string("v1")), ("kind", .string("Service")), ("metadata", context.metadata(name)),
                (
                    "spec",
                    .map([
                        ("selector", context.selectorLabels),
                        (
                            "ports",
                            .list([
                                .map([
                                    ("name", .string("http")), ("port", .int(routing.port)),
                                    ("targetPort", .int(routing.targetPort)), ("protocol", .string("TCP")),
                                ])
                            ])
                        ),
                    ])
                ),
            ])
        }
        return try context.file("manifests/\(Names.File.services)", kind: "Services", documents: documents)
    }

    func kustomization(listing files: [Artifact]) throws(RenderError) -> Artifact {
        let resources = files.map { String($0.path.split(separator: "/").last ?? "") }
        let document = YAMLValue.map([
            ("apiVersion", .string("kustomize.config.k8s.io/v1beta1")),
            ("kind", .string("Kustomization")),
            ("resources", .list(resources.map(YAMLValue.string))),
        ])
        return try context.file("manifests/\(Names.File.kustomization)", kind: "Kustomization", documents: [document])
    }
}
