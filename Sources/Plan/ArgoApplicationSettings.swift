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
