import ParallelWork

/// What publishing would change in the checked-out files, without changing anything: the
/// engine behind `glidepath diff` and the pull-request drift check.
public struct RepositoryPreview: Sendable {
    public var update: RepositoryUpdate
    public var current: [String: [UInt8]]

    public var inSync: Bool { update.isEmpty && update.conflicts.isEmpty }

    /// Every change as a unified diff, `a/` the repository and `b/` what the specs give.
    public var unifiedDiff: String {
        var text = ""
        for file in update.writes.sorted(by: { $0.path < $1.path }) {
            let old = current[file.path].map { String(decoding: $0, as: UTF8.self) }
            text += UnifiedDiff.diff(path: file.path, old: old, new: file.contents) ?? ""
        }
        for path in update.removals.sorted() {
            text += UnifiedDiff.diff(path: path, old: String(decoding: current[path] ?? [], as: UTF8.self), new: nil) ?? ""
        }
        return text
    }

    /// One line per path: added, changed, removed, and the conflicts a publish would refuse.
    public var summary: String {
        var lines = update.writes.map { (current[$0.path] == nil ? "add     " : "change  ") + $0.path }
        lines += update.removals.map { "remove  " + $0 }
        return lines.sorted { $0.dropFirst(8) < $1.dropFirst(8) }.map { $0 + "\n" }.joined()
    }
}

extension Publisher {
    /// Compares the specs' output with the files in the work tree (committed or not) and the
    /// lock there.
    public func preview(render: RepositoryRender) throws(PublishError) -> RepositoryPreview {
        do {
            let lockBytes = readWorkTree(PublishLock.path)
            let lock = try lockBytes.map { bytes throws(PublishError) in try parseLock(bytes) }
            let head = try git.commit("HEAD")
            let (settings, rendered) = try render(RepositoryBase(lock: lock, signOffs: try SignOffLog.read(git, at: head)))
            // The work tree is what is compared: a file is settled by its id at HEAD only when
            // the work tree holds HEAD's version of it.
            let recordedFiles = rendered.flatMap { lock?.migrations[$0.name]?.files.keys.map { $0 } ?? [] }
            // Recorded files are tracked ones: a change to one shows without the untracked walk.
            let dirty = Set(try git.uncommittedChanges(recordedFiles, untracked: false))
            let tree = try git.regularFileIDs(at: head)
            let settled = Parallel.map(rendered) { $0.intact(lock: lock, tree: tree, dirty: dirty) }
            let deferred = zip(rendered, settled).compactMap { output, intact in intact == nil ? output : nil }
            var current: [String: [UInt8]] = [PublishLock.path: lockBytes].compactMapValues { $0 }
            for path in RepositoryUpdate.pathsToRead(deferred, lock: lock) {
                current[path] = readWorkTree(path)
            }
            let outputs = try zip(rendered, settled).map { output, intact in try intact ?? output.resolved(lock: lock, current: current) }
            var update = RepositoryUpdate.compute(
                outputs, lock: lock, lockBytes: lockBytes, settings: settings, current: current, uncommitted: [], force: false,
                objectFormat: git.objectFormat())
            let touched = update.writes.map(\.path) + update.removals
            update.conflicts += try LinkGuard(git: git, fileSystem: fileSystem).conflicts(
                touched, base: head, workTree: true)
            return RepositoryPreview(update: update, current: current)
        } catch let error as PublishError {
            throw error
        } catch {
            throw .render("\(error)")
        }
    }

    /// The lock as a command will find it: in the work tree (`diff`, `check-repo`) or at the tip
    /// of a branch (`publish`). Nil when there is none or it does not parse; a hint only, to
    /// spare checking specs the lock already records: every command still decides on the
    /// lock it reads itself.
    public func recordedLock(workTree: Bool, branch: String) -> ParsedLock? {
        let bytes: [UInt8]?
        var tip: String?
        if workTree {
            bytes = readWorkTree(PublishLock.path)
        } else {
            tip = (try? git.commit("refs/heads/" + branch)) ?? nil
            bytes = tip.flatMap { (try? git.files([PublishLock.path], at: $0))?[PublishLock.path] }
        }
        return bytes.flatMap { bytes in (try? PublishLock.parse(bytes)).map { ParsedLock(bytes: bytes, lock: $0, commit: tip) } }
    }

    /// A file of the work tree, never through a symbolic link (a linked lock or folder would
    /// make glidepath read, and diff, a file outside the repository).
    private func readWorkTree(_ path: String) -> [UInt8]? {
        var prefix = git.root
        for component in path.split(separator: "/") {
            prefix += "/" + component
            guard fileSystem.entryKind(prefix) != .symbolicLink else { return nil }
        }
        guard fileSystem.entryKind(prefix) == .file else { return nil }
        return try? fileSystem.readFile(prefix)
    }
}
