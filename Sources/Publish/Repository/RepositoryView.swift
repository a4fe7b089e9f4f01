public import Files
public import Plan

/// A GitOps repository as one command finds it before it writes anything: opened once, its lock
/// read once, the settings of this run resolved once. It decides which specs need checking and
/// how each spec is named; `render` decides which migrations are rendered again.
public struct RepositoryView: Sendable {
    public let options: RepositoryOptions
    /// Nil when the folder is not a git work tree: the command fails when it opens it to write.
    let git: Git?
    let fileSystem: FileSystem
    /// The branch the lock was read from (publish) or the checked-out one.
    let branch: String
    /// The lock as found, parsed; nil when there is none or it does not parse.
    let recorded: Publisher.ParsedLock?
    /// This run's settings, resolved against the recorded lock; nil when they cannot be (the
    /// publish reports why when it resolves them again on the commit it builds on).
    let settings: PublishLock.Settings?
    let generator: String
    let originURL: String?
    /// The migrations the repository holds, whatever the settings: a new one must start at its
    /// baseline.
    public let published: Set<String>
    /// The lock when it may vouch for specs: written under the settings this run resolves to.
    let trusted: Publisher.ParsedLock?
    /// By spec path, the migration a trusted lock records and the spec's digest then: looked up
    /// once per spec, so a monorepo of 10,000 specs is not 10,000 scans of the lock.
    private let vouchable: [String: (migration: String, digest: String)]

    init(
        options: RepositoryOptions, git: Git?, fileSystem: FileSystem, branch: String, recorded: Publisher.ParsedLock?,
        settings: PublishLock.Settings?, generator: String, originURL: String?
    ) {
        self.options = options
        self.git = git
        self.fileSystem = fileSystem
        self.branch = branch
        self.recorded = recorded
        self.settings = settings
        self.generator = generator
        self.originURL = originURL
        published = Set(recorded?.lock.migrations.keys.map { $0 } ?? [])
        if let recorded, let settings, recorded.lock.settings == settings {
            trusted = recorded
            var vouchable: [String: (migration: String, digest: String)] = [:]
            // Sorted, so that should two migrations name one spec, the same one wins every time.
            for (migration, entry) in recorded.lock.migrations.sorted(by: { $0.key < $1.key }) where vouchable[entry.spec] == nil {
                vouchable[entry.spec] = (migration, entry.specSHA256)
            }
            self.vouchable = vouchable
        } else {
            trusted = nil
            vouchable = [:]
        }
    }

    /// `workTree`: read the lock in the work tree (`diff`, `check-repo`), else at the tip of
    /// `branch` (nil: the checked-out one).
    public static func inspect(
        _ options: RepositoryOptions, branch: String?, workTree: Bool, generator: String, fileSystem: FileSystem
    ) -> RepositoryView {
        guard let git = try? Git.open(options.repository) else {
            return RepositoryView(
                options: options, git: nil, fileSystem: fileSystem, branch: branch ?? "main", recorded: nil, settings: nil,
                generator: generator, originURL: nil)
        }
        let branch = branch ?? ((try? git.checkedOutBranch()) ?? nil) ?? "main"
        let recorded = Publisher(inspecting: git, fileSystem: fileSystem).recordedLock(workTree: workTree, branch: branch)
        let originURL = (try? git.remoteURL("origin")).flatMap { $0 }
        let settings = try? PublishLock.Settings.resolve(
            options, recorded: recorded?.lock.settings, branch: branch, originURL: originURL, generator: generator)
        return RepositoryView(
            options: options, git: git, fileSystem: fileSystem, branch: branch, recorded: recorded, settings: settings,
            generator: generator, originURL: originURL)
    }

    /// A spec inside the repository is named by its path there, so the lock, the trailers and
    /// the runbook do not depend on where the command ran; a spec elsewhere keeps its path.
    public func displayPath(_ path: String) -> String {
        let clean = path.filter { !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) }
        guard let root = git?.root, let resolved = fileSystem.realPath(path), resolved.hasPrefix(root + "/") else { return clean }
        return String(resolved.dropFirst(root.count + 1))
    }

    /// The migration a trusted lock records for this spec at this place with these bytes: it
    /// passed this very check when it was published, and is checked again only if its files
    /// must be rendered. Nil: check it now. (In a monorepo of a thousand specs, checking them
    /// all was most of an unchanged publish.)
    public func vouchedMigration(displayPath: String, digest: String) -> String? {
        guard let entry = vouchable[displayPath], entry.digest == digest else { return nil }
        return entry.migration
    }

    /// The repository opened for writing: a publish a crash interrupted there is finished or
    /// undone first. The lock read here is remembered, not parsed again.
    public func open(checkpoint: @escaping @Sendable (String) -> Void = { _ in }) throws(PublishError) -> (
        Publisher, recovered: String?
    ) {
        let (publisher, recovered) = try Publisher.open(
            repository: options.repository, git: git, fileSystem: fileSystem, checkpoint: checkpoint)
        return (publisher.remembering(trusted), recovered)
    }
}

/// A spec of a repository command: with its plan when it was checked now, without when the
/// lock vouched for it.
public struct RepositorySpec: Sendable {
    public var path: String
    public var displayPath: String
    public var digest: String
    public var plan: CheckedPlan?

    public init(path: String, displayPath: String, digest: String, plan: CheckedPlan?) {
        self.path = path
        self.displayPath = displayPath
        self.digest = digest
        self.plan = plan
    }
}

/// What only the caller can do for a publish: render a migration's files (templates belong to
/// the renderer), check a spec the lock vouched for when its files turn out to be needed, and
/// say who has not yet approved a point for the files a plan gives.
public struct MigrationRendering: Sendable {
    public typealias Files =
        @Sendable (CheckedPlan, _ signOffs: [SignOffRecord], PublishLock.Settings, _ folder: String) throws(PublishError) -> [Artifact]

    public var files: Files
    public var recheck: @Sendable (RepositorySpec) throws(PublishError) -> CheckedPlan
    public var waitingSignOffs: @Sendable (CheckedPlan, SignOffPoint.ID, [SignOffRecord]) throws(PublishError) -> [String]

    public init(
        files: @escaping Files, recheck: @escaping @Sendable (RepositorySpec) throws(PublishError) -> CheckedPlan,
        waitingSignOffs: @escaping @Sendable (CheckedPlan, SignOffPoint.ID, [SignOffRecord]) throws(PublishError) -> [String]
    ) {
        self.files = files
        self.recheck = recheck
        self.waitingSignOffs = waitingSignOffs
    }
}
