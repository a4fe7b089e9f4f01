public import Files
import Foundation
import ParallelWork
public import Plan

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a publish should do besides writing the files.
public struct PublishRequest: Sendable {
    /// Nil: the checked-out branch.
    public var branch: String?
    public var push: Bool
    public var remote: String
    /// Replaces the summary line of the commit message; the trailers stay.
    public var message: String?
    public var force: Bool
    /// How many times a push rejected because the remote moved is retried.
    public var retries: Int
    public var version: String
    /// The approval this commit records. Only that migration's runbook (and the lock) may
    /// change: a sign-off approves what is already published.
    public var signOff: SignOffRecord?
    /// Signs the commit with git's own signing (`commit-tree -S`, the user's gpg or ssh key).
    public var gpgSign: Bool

    public init(
        branch: String? = nil, push: Bool = false, remote: String = "origin", message: String? = nil, force: Bool = false,
        retries: Int = 10, version: String, signOff: SignOffRecord? = nil, gpgSign: Bool = false
    ) {
        self.signOff = signOff
        self.gpgSign = gpgSign
        self.branch = branch
        self.push = push
        self.remote = remote
        self.message = message
        self.force = force
        self.retries = retries
        self.version = version
    }
}

/// What a publish did.
public struct PublishOutcome: Sendable {
    /// The new commit; nil when nothing changed.
    public var commit: String?
    public var branch: String
    public var update: RepositoryUpdate
    /// Lines for the user: recovery, retries, what happened to the local branch.
    public var notes: [String]
    public var pushAttempts: Int
}

/// What the repository holds at the commit a publish builds on: its lock (nil when there is
/// none yet: its settings, and what the last publish of each migration recorded) and the
/// sign-offs its history records.
public struct RepositoryBase: Sendable {
    public var lock: PublishLock?
    public var signOffs: [SignOffRecord]
}

/// Renders the migrations for the repository as it is at the base, and returns the settings
/// to record.
public typealias RepositoryRender = @Sendable (RepositoryBase) throws -> (PublishLock.Settings, [MigrationOutput])

/// Publishes rendered migrations into a GitOps repository with git: one commit, written
/// without touching anything until it exists, then the branch moved by compare-and-swap and
/// the work tree brought along by `WorkTreeUpdater`; with `push`, the commit is pushed first
/// and rebuilt on the remote's new tip when another publisher got there first.
public struct Publisher: Sendable {
    public let git: Git
    let fileSystem: FileSystem
    let updater: WorkTreeUpdater
    /// A lock already parsed (by `recordedLock`), taken instead of parsing the same bytes again.
    var parsedLock: ParsedLock?

    public struct ParsedLock: Sendable {
        let bytes: [UInt8]
        public let lock: PublishLock
        /// The commit it was read from (nil: the work tree).
        let commit: String?
    }

    /// The same publisher, taking `parsed` for a lock of the same bytes.
    public func remembering(_ parsed: ParsedLock?) -> Publisher {
        var publisher = self
        publisher.parsedLock = parsed
        return publisher
    }

    func parseLock(_ bytes: [UInt8]) throws(PublishError) -> PublishLock {
        if let parsedLock, parsedLock.bytes == bytes { return parsedLock.lock }
        return try PublishLock.parse(bytes)
    }

    /// Opens the repository and finishes or undoes a publish a crash interrupted there.
    /// `git`: the repository already opened, if it was.
    public static func open(
        repository: String, git opened: Git? = nil, fileSystem: FileSystem = .live,
        checkpoint: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(PublishError) -> (Publisher, recovered: String?) {
        let git: Git
        if let opened {
            git = opened
        } else {
            do { git = try Git.open(repository) } catch { throw .git(error) }
        }
        let updater = WorkTreeUpdater(git: git, fileSystem: fileSystem.confined(to: git.root), checkpoint: checkpoint)
        let publisher = Publisher(git: git, fileSystem: fileSystem, updater: updater)
        let recovered = try publisher.exclusively { () throws(PublishError) in try updater.recover() }
        return (publisher, recovered)
    }

    /// A publisher that only reads, for a hint before a command runs: no journal is recovered
    /// and nothing is written.
    init(git: Git, fileSystem: FileSystem, updater: WorkTreeUpdater) {
        self.git = git
        self.fileSystem = fileSystem
        self.updater = updater
    }

    public init(inspecting git: Git, fileSystem: FileSystem = .live) {
        self.init(
            git: git, fileSystem: fileSystem,
            updater: WorkTreeUpdater(git: git, fileSystem: fileSystem.confined(to: git.root), checkpoint: { _ in }))
    }

    // MARK: Publish

    public func publish(_ request: PublishRequest, render: RepositoryRender) throws(PublishError) -> PublishOutcome {
        try exclusively { () throws(PublishError) in
            do {
                return request.push ? try publishAndPush(request, render: render) : try publishLocally(request, render: render)
            } catch let error as GitError {
                throw .git(error)
            } catch let error as PublishError {
                throw error
            } catch {
                throw .render("\(error)")
            }
        }
    }

    private func publishLocally(_ request: PublishRequest, render: RepositoryRender) throws -> PublishOutcome {
        let branch = try targetBranch(request)
        let ref = "refs/heads/" + branch
        let head = try git.commit(ref)
        let checkedOut = try git.checkedOutBranch() == branch
        let (update, outputs) = try prepare(base: head, checkedOut: checkedOut, request: request, render: render)
        var outcome = PublishOutcome(commit: nil, branch: branch, update: update, notes: [], pushAttempts: 0)
        guard !update.isEmpty else { return outcome }
        let commit = try commit(update, outputs: outputs, onto: head, request: request)
        if checkedOut {
            try updater.apply(ref: ref, old: head, new: commit, writes: update.writes, removals: update.removals)
        } else {
            try git.updateRef(ref, to: commit, from: head, message: "glidepath publish")
            outcome.notes.append("\(branch) is not checked out in \(git.root): the branch moved, the work tree did not")
        }
        outcome.commit = commit
        return outcome
    }

    private func publishAndPush(_ request: PublishRequest, render: RepositoryRender) throws -> PublishOutcome {
        let branch = try targetBranch(request)
        guard try git.remotes().contains(request.remote) else {
            throw PublishError.notARemote(request.remote, root: git.root)
        }
        let ref = "refs/heads/" + branch
        let tracking = "refs/remotes/\(request.remote)/\(branch)"
        let checkedOut = try git.checkedOutBranch() == branch
        var notes: [String] = []
        for attempt in 1...max(1, request.retries + 1) {
            let remoteTip = try fetch(request.remote, branch: branch, into: tracking)
            let local = try git.commit(ref)
            let base = try chooseBase(local: local, remote: remoteTip, branch: branch, remoteName: request.remote)
            let (update, outputs) = try prepare(base: base, checkedOut: checkedOut, request: request, render: render)
            var tip = base
            if !update.isEmpty { tip = try commit(update, outputs: outputs, onto: base, request: request) }
            guard let tip, tip != remoteTip else {
                // Nothing to publish; a local branch behind the remote (an earlier push whose
                // local update was cut short, say) still catches up.
                if let tip, local != tip {
                    notes += try updateLocalBranch(
                        ref: ref, local: local, base: base, tip: tip, update: update, checkedOut: checkedOut, remote: request.remote)
                }
                return PublishOutcome(commit: nil, branch: branch, update: update, notes: notes, pushAttempts: attempt - 1)
            }
            if try push(tip, to: branch, remote: request.remote) {
                updater.checkpoint("pushed")
                notes += try updateLocalBranch(
                    ref: ref, local: local, base: base, tip: tip, update: update, checkedOut: checkedOut, remote: request.remote)
                let commit = tip == base ? nil : tip
                return PublishOutcome(commit: commit, branch: branch, update: update, notes: notes, pushAttempts: attempt)
            }
            notes.append("push attempt \(attempt): \(request.remote)/\(branch) moved; rebuilding on its new tip")
            if attempt <= request.retries { Thread.sleep(forTimeInterval: backoff(attempt)) }
        }
        throw PublishError.remoteKeptMoving(remote: request.remote, branch: branch, attempts: request.retries + 1)
    }

    /// The update as a commit on `base`, with its structured message; no ref moves yet.
    private func commit(_ update: RepositoryUpdate, outputs: [MigrationOutput], onto base: String?, request: PublishRequest) throws
        -> String
    {
        let message = CommitMessage.make(
            update, outputs: outputs, summary: request.message, version: request.version, signOff: request.signOff)
        var commit = try git.commit(onto: base, writes: update.writes, removals: update.removals, message: message)
        if request.gpgSign { commit = try git.signed(commit, parent: base, message: message) }
        updater.checkpoint("commit-built")
        return commit
    }

    /// The repository's state at `base`, compared with what the specs give now.
    private func prepare(
        base: String?, checkedOut: Bool, request: PublishRequest, render: RepositoryRender
    ) throws -> (RepositoryUpdate, [MigrationOutput]) {
        let force = request.force
        let lockBytes: [UInt8]?
        if let parsedLock, parsedLock.commit != nil, parsedLock.commit == base {
            lockBytes = parsedLock.bytes
        } else {
            lockBytes = try git.files([PublishLock.path], at: base)[PublishLock.path]
        }
        let lock = try lockBytes.map { bytes throws(PublishError) in try parseLock(bytes) }
        let (settings, rendered) = try render(RepositoryBase(lock: lock, signOffs: try SignOffLog.read(git, at: base)))
        // Migrations whose files still have the ids the lock recorded are settled from the tree
        // alone; only the others are read (a thousand specs' files are thousands of blobs).
        let tree = try git.regularFileIDs(at: base)
        let settled = Parallel.map(rendered) { $0.intact(lock: lock, tree: tree) }
        let deferred = zip(rendered, settled).compactMap { output, intact in intact == nil ? output : nil }
        let paths = RepositoryUpdate.pathsToRead(deferred, lock: lock)
        var current = try git.files(paths, at: base)
        // The lock at `base` is read once, above: ten thousand migrations make it tens of MB.
        current[PublishLock.path] = lockBytes
        let outputs = try zip(rendered, settled).map { output, intact in try intact ?? output.resolved(lock: lock, current: current) }
        // Uncommitted work matters only where the update writes or removes: git is asked (one
        // status of the work tree) only when there is such a path.
        let objectFormat = git.objectFormat()
        var update = RepositoryUpdate.compute(
            outputs, lock: lock, lockBytes: lockBytes, settings: settings, current: current, uncommitted: [], force: force,
            objectFormat: objectFormat)
        let written = update.writes.map(\.path) + update.removals
        if checkedOut, !written.isEmpty {
            let uncommitted = Set(try git.uncommittedChanges(written))
            if !uncommitted.isEmpty {
                update = RepositoryUpdate.compute(
                    outputs, lock: lock, lockBytes: lockBytes, settings: settings, current: current, uncommitted: uncommitted,
                    force: force, objectFormat: objectFormat)
            }
        }
        let touched = update.writes.map(\.path) + update.removals
        update.conflicts += try LinkGuard(git: git, fileSystem: fileSystem).conflicts(touched, base: base, workTree: checkedOut)
        guard update.conflicts.isEmpty else { throw PublishError.refused(update.conflicts) }
        if let signOff = request.signOff {
            // Only the signed migration is rendered, so only its runbook may change.
            let unpublished = (update.writes.map(\.path) + update.removals).filter {
                $0 != PublishLock.path && !$0.hasSuffix("/runbook.html")
            }
            if !unpublished.isEmpty { throw PublishError.signOffOfUnpublished(migration: signOff.migration, paths: unpublished.sorted()) }
        }
        return (update, outputs)
    }

    // MARK: Branches and remotes

    private func targetBranch(_ request: PublishRequest) throws -> String {
        if let branch = request.branch {
            guard try git.run(["check-ref-format", "--branch", branch], allowFailure: true).status == 0 else {
                throw PublishError.invalidBranch(branch)
            }
            return branch
        }
        guard let branch = try git.checkedOutBranch() else {
            throw PublishError.detachedHead(root: git.root)
        }
        return branch
    }

    /// The remote branch's tip after fetching it; nil when the remote has no such branch yet.
    private func fetch(_ remote: String, branch: String, into tracking: String) throws -> String? {
        let result = try git.run(
            ["fetch", "--quiet", "--no-tags", "--end-of-options", remote, "+refs/heads/\(branch):\(tracking)"], allowFailure: true)
        if result.status == 0 { return try git.commit(tracking) }
        let message = String(decoding: result.errors, as: UTF8.self)
        if message.contains("couldn't find remote ref") {
            try git.deleteRef(tracking)
            return nil
        }
        throw GitError(arguments: ["fetch", remote, branch], status: result.status, stderr: message)
    }

    private func chooseBase(local: String?, remote: String?, branch: String, remoteName: String) throws -> String? {
        guard let remote else { return local }
        guard let local, local != remote else { return remote }
        if try git.isAncestor(remote, of: local) { return local }
        if try git.isAncestor(local, of: remote) { return remote }
        throw PublishError.diverged(branch: branch, remote: remoteName, root: git.root)
    }

    /// True when the remote took the commit; false when it refused because its branch moved.
    /// True when the remote took the commit; false when it refused because its branch moved
    /// (another publisher got there first, or held the remote's ref lock). Anything else, a
    /// stale lock of a local ref among them, is an error with git's words and a hint.
    private func push(_ commit: String, to branch: String, remote: String) throws -> Bool {
        let target = "refs/heads/\(branch)"
        let arguments = ["push", "--porcelain", "--end-of-options", remote, "\(commit):\(target)"]
        let result = try git.run(arguments, allowFailure: true)
        if result.status == 0 { return true }
        // Porcelain: one line per ref, "!<TAB>from:to<TAB>[rejected] (reason)" when refused.
        let refused = String(decoding: result.output, as: UTF8.self).split(separator: "\n").first { line in
            line.hasPrefix("!\t") && line.contains(":" + target + "\t")
        }
        if let refused {
            let moved = ["non-fast-forward", "fetch first", "stale info", "cannot lock ref", "failed to update ref"]
            if moved.contains(where: refused.contains) { return false }
        }
        throw GitError(arguments: arguments, status: result.status, stderr: String(decoding: result.errors, as: UTF8.self))
    }

    /// After a successful push: the local branch follows when it can do so without losing work.
    private func updateLocalBranch(
        ref: String, local: String?, base: String?, tip: String, update: RepositoryUpdate, checkedOut: Bool, remote: String
    ) throws -> [String] {
        guard local != tip else { return [] }
        let branch = String(ref.dropFirst("refs/heads/".count))
        if checkedOut, local == base {
            try updater.apply(ref: ref, old: local, new: tip, writes: update.writes, removals: update.removals)
            return []
        }
        if checkedOut {
            let merge = try git.run(["merge", "--ff-only", "--quiet", tip], allowFailure: true)
            if merge.status == 0 {
                return ["the local \(branch) was behind \(remote)/\(branch): fast-forwarded it to the published commit"]
            }
            return [
                "pushed, but the local \(branch) was not updated (git refused to fast-forward it over local changes): git -C \(git.root) merge --ff-only \(remote)/\(branch)"
            ]
        }
        try git.updateRef(ref, to: tip, from: local, message: "glidepath publish")
        return []
    }

    /// Exponential from 100 ms, capped at 3 s, with jitter so racing publishers spread out.
    private func backoff(_ attempt: Int) -> Double {
        let base = min(3.0, 0.1 * pow(2.0, Double(attempt - 1)))
        return base * Double.random(in: 0.5...1.5)
    }

    // MARK: Mutual exclusion

    /// One glidepath at a time per work tree, through the file-system seam's lock; a publish that
    /// waited two minutes reports the work tree busy.
    func exclusively<T>(_ body: () throws(PublishError) -> T) throws(PublishError) -> T {
        let folder = git.gitDirectory + "/glidepath"
        try? fileSystem.createDirectory(folder)
        let deadline = Date().addingTimeInterval(120)
        var release: (@Sendable () -> Void)?
        while release == nil {
            do {
                release = try fileSystem.tryLock(folder + "/mutex")
            } catch {
                throw .cannotLock(folder: folder, reason: error.localizedDescription)
            }
            if release == nil {
                guard Date() < deadline else { throw .busy(root: git.root) }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        defer { release?() }
        return try body()
    }
}
