import Digest
public import Files

/// One migration's files as they belong in the repository: paths already under its folder.
public struct MigrationOutput: Sendable {
    public var name: String
    public var spec: String
    public var specSHA256: String
    public var folder: String
    public var files: [Artifact]
    /// Set instead of `files` when the lock shows the spec, its place and the settings are
    /// those of the last publish: the files are rendered only if the repository's copies are
    /// not intact, so an unchanged re-publish costs a read and a hash per file.
    public var render: (@Sendable () throws -> [Artifact])?
    /// The lock's hashes of a deferred migration whose files in the repository are intact.
    var intact: [String: String]?

    public init(name: String, spec: String, specSHA256: String, folder: String, files: [Artifact]) {
        self.name = name
        self.spec = spec
        self.specSHA256 = specSHA256
        self.folder = folder
        self.files = files
    }

    public init(name: String, spec: String, specSHA256: String, folder: String, render: @escaping @Sendable () throws -> [Artifact]) {
        self.init(name: name, spec: spec, specSHA256: specSHA256, folder: folder, files: [])
        self.render = render
    }

    /// A deferred migration whose every recorded file has, in `tree` (path -> blob id), the id
    /// the lock recorded: intact without reading a byte. Nil when that cannot be shown (an
    /// older lock without ids, a file changed, missing, or also changed in `dirty`).
    func intact(lock: PublishLock?, tree: [String: String], dirty: Set<String> = []) -> MigrationOutput? {
        guard render != nil, let recorded = lock?.migrations[name], !recorded.files.isEmpty,
            recorded.objects.count == recorded.files.count,
            recorded.objects.allSatisfy({ path, id in tree[path] == id && !dirty.contains(path) })
        else { return nil }
        var resolved = self
        resolved.render = nil
        resolved.intact = recorded.files
        return resolved
    }

    /// Renders a deferred migration unless its recorded files are intact in `current`.
    func resolved(lock: PublishLock?, current: [String: [UInt8]]) throws -> MigrationOutput {
        guard let render else { return self }
        var resolved = self
        resolved.render = nil
        if let recorded = lock?.migrations[name]?.files,
            recorded.allSatisfy({ path, digest in current[path].map(SHA256.hex) == digest })
        {
            resolved.intact = recorded
        } else {
            resolved.files = try render()
        }
        return resolved
    }
}

/// A path publish will not touch without `--force`, and why.
public struct Conflict: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// Glidepath wrote it, and its content has changed since.
        case editedByHand(migration: String)
        /// Glidepath never wrote it (or another migration did).
        case notWrittenByGlidepath(owner: String?)
        /// The work tree holds changes to it that are not committed.
        case uncommitted
        /// The migration's name is already published from another spec.
        case nameTaken(spec: String)
        /// The way to the path goes through this symbolic link; never overridden by `--force`.
        case symbolicLink(String)
    }
    public var path: String
    public var reason: Reason
}

/// What publishing some migrations changes in a repository, worked out before anything is
/// written: the files to write (only those whose content changes), the files to remove, the
/// new lock, and every conflict that stops it.
public struct RepositoryUpdate: Sendable {
    public var writes: [Artifact] = []
    public var removals: [String] = []
    public var conflicts: [Conflict] = []
    public var lock: PublishLock
    /// Per published migration: files added, changed, removed.
    public var changedMigrations: [(name: String, added: Int, changed: Int, removed: Int)] = []

    public var isEmpty: Bool { writes.isEmpty && removals.isEmpty }

    /// The repository paths whose current content `compute` needs.
    static func pathsToRead(_ outputs: [MigrationOutput], lock: PublishLock?) -> [String] {
        var paths: Set<String> = []
        for output in outputs {
            paths.formUnion(output.files.map(\.path))
            if let files = lock?.migrations[output.name]?.files { paths.formUnion(files.keys) }
        }
        return paths.sorted()
    }

    /// `current` holds the repository's bytes for every path of `pathsToRead` that exists, and
    /// the lock's. `lockBytes`: the bytes `oldLock` was parsed from, when they are `current`'s.
    /// `objectFormat`: how the repository names blobs, for the ids the new lock records.
    static func compute(
        _ outputs: [MigrationOutput], lock oldLock: PublishLock?, lockBytes: [UInt8]? = nil, settings: PublishLock.Settings,
        current: [String: [UInt8]], uncommitted: Set<String>, force: Bool, objectFormat: GitObjectFormat = .sha1
    ) -> RepositoryUpdate {
        var update = RepositoryUpdate(lock: PublishLock(settings: settings, migrations: oldLock?.migrations ?? [:]))
        // Whether the new lock can differ from the old one in what it says.
        var lockChanged = oldLock?.settings != settings
        // Which migration writes each path, to refuse two writing one. Only a rendered
        // migration's files are looked up here, so with none (an unchanged publish) the
        // intact ones' files are not gathered either.
        var claimed: [String: String] = [:]
        let anyRendered = outputs.contains { $0.intact == nil }
        for output in outputs.sorted(by: { $0.name < $1.name }) {
            let previous = oldLock?.migrations[output.name]
            if let previous, previous.spec != output.spec, !force {
                update.conflicts.append(Conflict(path: output.spec, reason: .nameTaken(spec: previous.spec)))
            }
            if let intact = output.intact, previous != nil {
                // Its entry in the lock stays as it is.
                if anyRendered { for path in intact.keys { claimed[path] = output.name } }
                continue
            }
            var counts = (added: 0, changed: 0, removed: 0)
            var hashes: [String: String] = [:]
            var objects: [String: String] = [:]
            for file in output.files {
                let bytes = Array(file.contents.utf8)
                hashes[file.path] = SHA256.hex(bytes)
                objects[file.path] = objectFormat.blobID(bytes)
                if let other = claimed[file.path] {
                    update.conflicts.append(Conflict(path: file.path, reason: .notWrittenByGlidepath(owner: other)))
                }
                claimed[file.path] = output.name
                if let owner = oldLock?.owner(of: file.path), owner != output.name {
                    guard force else {
                        update.conflicts.append(Conflict(path: file.path, reason: .notWrittenByGlidepath(owner: owner)))
                        continue
                    }
                    // Taken over: the path now has one owner in the lock.
                    update.lock.migrations[owner]?.files[file.path] = nil
                    lockChanged = true
                }
                guard current[file.path] != bytes else { continue }
                if let conflict = conflict(file.path, migration: output.name, lock: oldLock, current: current, uncommitted: uncommitted),
                    !force
                {
                    update.conflicts.append(conflict)
                }
                update.writes.append(file)
                if current[file.path] == nil { counts.added += 1 } else { counts.changed += 1 }
            }
            for path in (previous?.files.keys.sorted() ?? []) where hashes[path] == nil && current[path] != nil {
                if let conflict = conflict(path, migration: output.name, lock: oldLock, current: current, uncommitted: uncommitted), !force
                {
                    update.conflicts.append(conflict)
                }
                update.removals.append(path)
                counts.removed += 1
            }
            let entry = PublishLock.Migration(
                spec: output.spec, specSHA256: output.specSHA256, folder: output.folder, files: hashes, objects: objects)
            if entry != previous { lockChanged = true }
            update.lock.migrations[output.name] = entry
            if counts.added + counts.changed + counts.removed > 0 {
                update.changedMigrations.append((output.name, counts.added, counts.changed, counts.removed))
            }
        }
        // A lock that says what the new one would say is left as it is: serialising ten thousand
        // migrations only to compare them took a third of an unchanged publish. (A lock laid out
        // by hand, with the same content, is therefore not rewritten; nothing it says is wrong.)
        if !lockChanged, let lockBytes, current[PublishLock.path] == lockBytes { return update }
        if current[PublishLock.path] != Array(update.lock.serialized.utf8) {
            if uncommitted.contains(PublishLock.path), !force {
                update.conflicts.append(Conflict(path: PublishLock.path, reason: .uncommitted))
            }
            update.writes.append(Artifact(path: PublishLock.path, contents: update.lock.serialized))
        }
        return update
    }

    /// Why a path glidepath is about to replace or remove is not its to touch, if it is not.
    /// Paths whose content stays as it is are never asked: publish does not touch them.
    private static func conflict(
        _ path: String, migration: String, lock: PublishLock?, current: [String: [UInt8]], uncommitted: Set<String>
    ) -> Conflict? {
        if uncommitted.contains(path) { return Conflict(path: path, reason: .uncommitted) }
        guard let bytes = current[path] else { return nil }
        let owner = lock?.owner(of: path)
        guard owner == migration, let recorded = lock?.migrations[migration]?.files[path] else {
            return Conflict(path: path, reason: .notWrittenByGlidepath(owner: owner))
        }
        return SHA256.hex(bytes) == recorded ? nil : Conflict(path: path, reason: .editedByHand(migration: migration))
    }
}

extension Conflict {
    /// The refusal as the user reads it: every path, grouped by reason, and the ways out.
    /// `prospective`: worded for `diff` and `check-repo`, which only say what publish would do.
    public static func report(_ conflicts: [Conflict], prospective: Bool = false) -> String {
        let count = "\(conflicts.count) path\(conflicts.count == 1 ? "" : "s")"
        var text =
            prospective
            ? "publish would refuse: \(count) glidepath will not overwrite\n"
            : "publish refused: \(count) glidepath will not overwrite; nothing was written\n"
        for conflict in conflicts {
            let why =
                switch conflict.reason {
                case .editedByHand(let migration): "edited by hand since glidepath wrote it (migration \(migration))"
                case .notWrittenByGlidepath(nil): "exists and was not written by glidepath"
                case .notWrittenByGlidepath(let owner?): "belongs to migration \(owner)"
                case .uncommitted: "has uncommitted changes in the work tree"
                case .nameTaken(let spec): "names a migration already published from \(spec)"
                case .symbolicLink(let link) where link == conflict.path: "is a symbolic link, which glidepath never writes through"
                case .symbolicLink(let link): "lies behind the symbolic link \(link), which glidepath never writes through"
                }
            text += "  \(conflict.path): \(why)\n"
        }
        if conflicts.contains(where: { if case .symbolicLink = $0.reason { true } else { false } }) {
            text +=
                "  hint: replace each symbolic link with a real folder or file (git rm the link, commit), then publish again; --force does not write through links\n"
        }
        text += """
              hint: move a hand edit into the spec and publish again; commit or discard uncommitted work \
            (git status); or run again with --force to overwrite (git history keeps the old versions)
            """
        return text
    }
}
