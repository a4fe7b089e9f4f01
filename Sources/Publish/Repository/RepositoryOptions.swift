import Diagnostics
import Plan

/// Repository choices given on the command line; anything left nil comes from the lock.
public struct RepositoryOptions: Sendable {
    public var repository: String
    public var layout: String?
    /// Nil: as recorded (on for a repository without a lock).
    public var application: Bool?
    public var repoURL: String?
    public var targetRevision: String?
    public var project: String?
    public var argocdNamespace: String?
    public var destinationServer: String?
    public var automatedSync: Bool?

    public init(
        repository: String, layout: String? = nil, application: Bool? = nil, repoURL: String? = nil,
        targetRevision: String? = nil, project: String? = nil, argocdNamespace: String? = nil,
        destinationServer: String? = nil, automatedSync: Bool? = nil
    ) {
        self.repository = repository
        self.layout = layout
        self.application = application
        self.repoURL = repoURL
        self.targetRevision = targetRevision
        self.project = project
        self.argocdNamespace = argocdNamespace
        self.destinationServer = destinationServer
        self.automatedSync = automatedSync
    }
}

extension PublishLock.Settings {
    /// Values a workflow passes on the command line reach the Application and the lock; each
    /// must be what its flag names, never text that a reader would take for something else.
    static func validate(_ options: RepositoryOptions) throws(PublishError) {
        func plain(_ value: String?, _ flag: String, _ rule: String, _ ok: (String) -> Bool) throws(PublishError) {
            guard let value else { return }
            let safe =
                !value.isEmpty && !value.hasPrefix("-") && !value.contains(where: { $0.isWhitespace })
                && UnsafeCharacters.first(in: value, multiline: false) == nil
            guard safe, ok(value) else {
                throw .invalidFlag(flag: flag, value: UnsafeCharacters.escaped(Redaction.redact(value)), rule: rule)
            }
        }
        let dnsLabel = { (text: String) in
            text.count <= 63 && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
        }
        try plain(options.repoURL, "repo-url", "a repository URL (https://, ssh://, git:// or user@host:path)") { url in
            ["https://", "http://", "ssh://", "git://"].contains(where: url.hasPrefix) || (url.contains("@") && url.contains(":"))
        }
        try plain(options.targetRevision, "target-revision", "a branch, tag or commit name") { revision in
            !revision.contains("..") && !revision.hasPrefix("/")
                && revision.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._/-".contains($0)) }
        }
        try plain(options.project, "argocd-project", "an Argo CD project name (lowercase letters, digits and '-')", dnsLabel)
        try plain(options.argocdNamespace, "argocd-namespace", "a Kubernetes namespace (lowercase letters, digits and '-')", dnsLabel)
        try plain(options.destinationServer, "destination-server", "a cluster URL (https://...)") {
            $0.hasPrefix("https://") || $0.hasPrefix("http://")
        }
    }

    /// The settings of this publish: the flags given, else what the lock recorded, else the
    /// defaults (an Application on, its URL from the remote 'origin' without credentials).
    public static func resolve(
        _ options: RepositoryOptions, recorded: PublishLock.Settings?, branch: String, originURL: String?, generator: String
    ) throws(PublishError) -> PublishLock.Settings {
        try validate(options)
        let layout = options.layout ?? recorded?.layout ?? Layout.standard
        let wanted = options.application ?? (recorded.map { $0.application != nil } ?? true)
        guard wanted else { return Self(layout: layout, application: nil, generator: generator) }
        let previous = recorded?.application
        guard let repoURL = options.repoURL ?? previous?.repoURL ?? originURL.map(Redaction.strippingCredentials) else {
            throw .noRepositoryURL
        }
        let application = ArgoApplicationSettings(
            repoURL: Redaction.strippingCredentials(repoURL),
            targetRevision: options.targetRevision ?? previous?.targetRevision ?? branch,
            project: options.project ?? previous?.project ?? ArgoApplicationSettings.defaultProject,
            namespace: options.argocdNamespace ?? previous?.namespace ?? ArgoApplicationSettings.defaultNamespace,
            destinationServer: options.destinationServer ?? previous?.destinationServer ?? ArgoApplicationSettings.defaultDestinationServer,
            automatedSync: options.automatedSync ?? previous?.automatedSync ?? false)
        return Self(layout: layout, application: application, generator: generator)
    }
}
