import Files
import Foundation

/// Moves a checked-out branch from one commit to the next and brings the work tree and the
/// index along, so that a crash at any instant is either undone or finished by the next
/// glidepath command in that repository.
///
/// The order: the journal (what will change) is written first; then every new file goes to a
/// hidden temporary name beside its target; then the journal is marked decided, which is the
/// commit point; then the branch ref moves with git's compare-and-swap, the temporaries are
/// renamed into place, removed files go, and the index learns the new entries. Recovery undoes
/// an undecided journal and finishes a decided one. Deciding before git moves the ref matters
/// when glidepath is killed while `git update-ref` runs: the orphaned git may still move the
/// ref afterwards, and only ever in the direction already decided.
struct WorkTreeJournal: Codable, Sendable {
    var ref: String
    var old: String?
    var new: String
    var writes: [String]
    var removals: [String]
    /// Folders this change creates, parents first, so an undo can take them away again.
    var createdFolders: [String]
    /// Set once every temporary file is written: from then on the change goes forward.
    var decided = false

    static func temporaryName(for path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return ".\(path).glidepath-new" }
        return "\(path[...slash]).\(path[path.index(after: slash)...]).glidepath-new"
    }
}

/// Runs and recovers `WorkTreeJournal`s for one repository.
struct WorkTreeUpdater: Sendable {
    let git: Git
    let fileSystem: FileSystem
    /// Called with a name at each step; tests use it to kill the process exactly there.
    let checkpoint: @Sendable (String) -> Void

    var journalPath: String { git.gitDirectory + "/glidepath/journal.json" }

    /// Applies `writes` and `removals` (already in commit `new`) to the work tree, moving
    /// `ref` from `old` to `new`.
    func apply(ref: String, old: String?, new: String, writes: [Artifact], removals: [String]) throws(PublishError) {
        var journal = WorkTreeJournal(ref: ref, old: old, new: new, writes: writes.map(\.path), removals: removals, createdFolders: [])
        journal.createdFolders = foldersToCreate(for: journal.writes)
        try record(journal)
        checkpoint("journal-written")
        do {
            for folder in journal.createdFolders { try fileSystem.createDirectory(root(folder)) }
            for (index, file) in writes.enumerated() {
                try fileSystem.writeFile(root(WorkTreeJournal.temporaryName(for: file.path)), Array(file.contents.utf8))
                checkpoint("temporary-written-\(index)")
            }
        } catch {
            undo(journal)
            throw .cannotWriteNewFiles(root: git.root, reason: error.localizedDescription)
        }
        journal.decided = true
        do {
            try record(journal)
        } catch {
            undo(journal)
            throw error
        }
        checkpoint("decided")
        do {
            try git.updateRef(ref, to: new, from: old, message: "glidepath publish")
        } catch {
            // The branch moved under us (or git failed) before anything visible changed.
            undo(journal)
            throw .branchMovedUnderfoot(error)
        }
        checkpoint("ref-updated")
        try finish(journal)
    }

    /// Finishes or undoes a change a crash interrupted; says which, or nil when there was none.
    func recover() throws(PublishError) -> String? {
        guard fileSystem.exists(journalPath) else { return nil }
        let journal: WorkTreeJournal
        do {
            journal = try JSONDecoder().decode(WorkTreeJournal.self, from: Data(try fileSystem.readFile(journalPath)))
        } catch {
            throw .damagedJournal(path: journalPath, reason: error.localizedDescription)
        }
        let current: String?
        do { current = try git.commit(journal.ref) } catch { throw .git(error) }
        guard journal.decided, current == journal.old || current == journal.new else {
            undo(journal)
            return
                "undid an interrupted publish that had not committed: the work tree is as it was at \((current ?? "the unborn branch").prefix(12))"
        }
        if current == journal.old {
            do {
                try git.updateRef(
                    journal.ref, to: journal.new, from: journal.old, message: "glidepath publish (finished after an interruption)")
            } catch {
                throw .cannotFinishInterrupted(error)
            }
        }
        try finish(journal)
        return "finished an interrupted publish: \(journal.ref) is at \(journal.new.prefix(12)) and the work tree matches it"
    }

    // MARK: Steps

    private func finish(_ journal: WorkTreeJournal) throws(PublishError) {
        do {
            for (index, path) in journal.writes.enumerated() {
                let temporary = root(WorkTreeJournal.temporaryName(for: path))
                if fileSystem.exists(temporary) { try fileSystem.move(temporary, root(path)) }
                checkpoint("renamed-\(index)")
            }
            for path in journal.removals where fileSystem.exists(root(path)) {
                try fileSystem.remove(root(path))
                removeEmptyFolders(above: path)
            }
            checkpoint("work-tree-updated")
            try updateIndex(journal.writes + journal.removals)
            checkpoint("index-updated")
            try fileSystem.remove(journalPath)
        } catch let error as GitError {
            throw PublishError.workTreeBehind(reason: error.description)
        } catch let refusal as LinkRefusal {
            // Running again would meet the same link: give the work tree up, truthfully.
            abandon(journal)
            let folders = Set((journal.writes + journal.removals).map { $0.split(separator: "/").prefix(4).joined(separator: "/") })
                .sorted()
            throw PublishError.workTreeLeftBehindLink(
                ref: journal.ref, commit: journal.new, refusal: refusal, root: git.root, folders: folders)
        } catch {
            throw PublishError.workTreeBehind(reason: error.localizedDescription)
        }
    }

    /// `git update-index` for the changed paths. A git killed along with an earlier glidepath
    /// may still hold the index lock for a moment, so a held lock is waited for, briefly.
    private func updateIndex(_ paths: [String]) throws(GitError) {
        let input = Array(paths.map { $0 + "\0" }.joined().utf8)
        let arguments = ["update-index", "--add", "--remove", "-z", "--stdin"]
        for _ in 0..<40 {
            let result = try git.run(arguments, input: input, allowFailure: true)
            if result.status == 0 { return }
            let message = String(decoding: result.errors, as: UTF8.self)
            guard message.contains("index.lock") else {
                throw GitError(arguments: arguments, status: result.status, stderr: message)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        try git.run(arguments, input: input)
    }

    /// Gives up a decided change the work tree cannot take: its temporary files and the
    /// journal go, the branch stays where it is.
    private func abandon(_ journal: WorkTreeJournal) {
        for path in journal.writes {
            let temporary = root(WorkTreeJournal.temporaryName(for: path))
            if fileSystem.entryKind(temporary) == .file { try? fileSystem.remove(temporary) }
        }
        try? fileSystem.remove(journalPath)
    }

    private func undo(_ journal: WorkTreeJournal) {
        for path in journal.writes {
            let temporary = root(WorkTreeJournal.temporaryName(for: path))
            if fileSystem.exists(temporary) { try? fileSystem.remove(temporary) }
        }
        for folder in journal.createdFolders.reversed() where ((try? fileSystem.contents(root(folder))) ?? ["?"]).isEmpty {
            try? fileSystem.remove(root(folder))
        }
        try? fileSystem.remove(journalPath)
    }

    private func record(_ journal: WorkTreeJournal) throws(PublishError) {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            try fileSystem.createDirectory(git.gitDirectory + "/glidepath")
            let temporary = journalPath + ".new"
            try fileSystem.writeFile(temporary, Array(try encoder.encode(journal)))
            try fileSystem.move(temporary, journalPath)
        } catch {
            throw .cannotRecordJournal(path: journalPath, reason: error.localizedDescription)
        }
    }

    private func foldersToCreate(for paths: [String]) -> [String] {
        var created: [String] = []
        var seen = Set<String>()
        for path in paths {
            var parents: [String] = []
            var folder = path
            while let slash = folder.lastIndex(of: "/") {
                folder = String(folder[..<slash])
                parents.append(folder)
            }
            for parent in parents.reversed() where !seen.contains(parent) {
                seen.insert(parent)
                if !fileSystem.exists(root(parent)) { created.append(parent) }
            }
        }
        return created
    }

    /// Git does not keep empty folders; neither does publish when it empties one.
    private func removeEmptyFolders(above path: String) {
        var folder = path
        while let slash = folder.lastIndex(of: "/") {
            folder = String(folder[..<slash])
            guard let entries = try? fileSystem.contents(root(folder)), entries.isEmpty else { return }
            try? fileSystem.remove(root(folder))
        }
    }

    private func root(_ path: String) -> String { git.root + "/" + path }
}
