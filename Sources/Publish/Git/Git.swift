import Digest
import Foundation

/// The git CLI, run with argument arrays against one work tree. Git never prompts (a 3 a.m.
/// CI job must fail, not hang), speaks English (so failures can be matched to a hint), and
/// every message it prints passes through `Redaction` before anyone sees it.
public struct Git: Sendable {
    /// The work tree's top folder, absolute.
    public let root: String
    /// The repository's private folder for this work tree (`.git`, or a worktree's own).
    public let gitDirectory: String
    let executable: String
    let environment: [String: String]

    /// Opens the work tree containing `path`; fails with a hint when it is not one.
    public static func open(_ path: String) throws(GitError) -> Git {
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["LC_ALL"] = "C"
        environment["LANGUAGE"] = "C"
        environment.removeValue(forKey: "GIT_DIR")
        environment.removeValue(forKey: "GIT_WORK_TREE")
        environment.removeValue(forKey: "GIT_INDEX_FILE")
        guard let executable = Subprocess.find("git", path: environment["PATH"]) else {
            throw GitError(
                arguments: [], status: 127, stderr: "", hint: "install git (apt-get install git); glidepath runs the git command line")
        }
        var probe = Git(root: path, gitDirectory: "", executable: executable, environment: environment)
        let lines = try probe.text(["rev-parse", "--show-toplevel", "--absolute-git-dir"]).split(separator: "\n")
        guard lines.count == 2 else {
            throw GitError(
                arguments: ["rev-parse"], status: 1, stderr: "\(path) has no work tree",
                hint: "--repo must be a checked-out clone, not a bare repository")
        }
        probe = Git(root: String(lines[0]), gitDirectory: String(lines[1]), executable: executable, environment: environment)
        return probe
    }

    /// Runs git; a non-zero exit is an error unless `allowFailure`.
    @discardableResult
    func run(
        _ arguments: [String], input: [UInt8] = [], environment extra: [String: String] = [:], allowFailure: Bool = false
    ) throws(GitError) -> ProcessOutput {
        try run(arguments, environment: extra, allowFailure: allowFailure) { stdin throws(SpawnError) in try stdin.append(input) }
    }

    /// `run`, with standard input written by `input` piece by piece (a large stream is never whole in memory).
    func run(
        _ arguments: [String], environment extra: [String: String] = [:], allowFailure: Bool = false,
        input write: (ChildInput) throws(SpawnError) -> Void
    ) throws(GitError) -> ProcessOutput {
        var environment = self.environment
        for (key, value) in extra { environment[key] = value }
        let result: ProcessOutput
        do {
            let stdin = try ChildInput()
            try write(stdin)
            result = try Subprocess.run(executable, ["-C", root] + arguments, input: stdin, environment: environment)
        } catch {
            throw GitError(arguments: arguments, status: 127, stderr: error.message)
        }
        if result.status != 0 && !allowFailure {
            throw GitError(arguments: arguments, status: result.status, stderr: String(decoding: result.errors, as: UTF8.self))
        }
        return result
    }

    /// Standard output as text, without the final newline.
    func text(_ arguments: [String], input: [UInt8] = []) throws(GitError) -> String {
        var output = String(decoding: try run(arguments, input: input).output, as: UTF8.self)
        while output.hasSuffix("\n") { output.removeLast() }
        return output
    }

    // MARK: Refs

    /// The commit a revision names, or nil when it does not exist (an unborn branch).
    public func commit(_ revision: String) throws(GitError) -> String? {
        let result = try run(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], allowFailure: true)
        guard result.status == 0 else { return nil }
        return String(decoding: result.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The branch HEAD points at (`main`), or nil when HEAD is detached.
    public func checkedOutBranch() throws(GitError) -> String? {
        let result = try run(["symbolic-ref", "--quiet", "--short", "HEAD"], allowFailure: true)
        guard result.status == 0 else { return nil }
        return String(decoding: result.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func isAncestor(_ ancestor: String, of descendant: String) throws(GitError) -> Bool {
        try run(["merge-base", "--is-ancestor", ancestor, descendant], allowFailure: true).status == 0
    }

    /// Moves a ref only if it still points at `old` (nil: only if it does not exist yet).
    func updateRef(_ ref: String, to new: String, from old: String?, message: String) throws(GitError) {
        try run(["update-ref", "-m", message, ref, new, old ?? ""])
    }

    func deleteRef(_ ref: String) throws(GitError) {
        try run(["update-ref", "-d", ref], allowFailure: true)
    }

    /// The names of the remotes.
    func remotes() throws(GitError) -> [String] {
        try text(["remote"]).split(separator: "\n").map(String.init)
    }

    /// The URL of a remote, exactly as configured (callers redact before printing).
    public func remoteURL(_ remote: String) throws(GitError) -> String? {
        let result = try run(["remote", "get-url", "--", remote], allowFailure: true)
        guard result.status == 0 else { return nil }
        return String(decoding: result.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: Contents

    /// How this repository names objects; SHA-1 unless it says otherwise.
    func objectFormat() -> GitObjectFormat {
        let answer = (try? text(["rev-parse", "--show-object-format"]))?.trimmingCharacters(in: .whitespacesAndNewlines)
        return answer.flatMap(GitObjectFormat.init(rawValue:)) ?? .sha1
    }

    /// The blob id of every regular file at a commit, by path, from one `ls-tree` (which reads
    /// trees, never a blob). Symbolic links are left out: a link is never a file glidepath wrote.
    func regularFileIDs(at commit: String?) throws(GitError) -> [String: String] {
        guard let commit else { return [:] }
        let output = try run(["ls-tree", "-r", "-z", "--full-tree", commit]).output
        var ids: [String: String] = [:]
        // One pass over the entries, `<mode> SP <type> SP <id> TAB <path> NUL`, without
        // splitting them into arrays first: a tree of 10,000 migrations has 120,000.
        let regular = ["100644 blob ".utf8, "100755 blob ".utf8].map(Array.init)
        var start = output.startIndex
        while start < output.endIndex {
            let end = output[start...].firstIndex(of: 0) ?? output.endIndex
            defer { start = end + 1 }
            let entry = output[start..<end]
            guard let prefix = regular.first(where: { entry.starts(with: $0) }),
                let tab = entry.firstIndex(of: 0x09)
            else { continue }
            let id = entry[(entry.startIndex + prefix.count)..<tab]
            ids[String(decoding: entry[(tab + 1)...], as: UTF8.self)] = String(decoding: id, as: UTF8.self)
        }
        return ids
    }

    /// The bytes of each path at a commit (nil where the path is absent), in one `cat-file --batch`.
    func files(_ paths: [String], at commit: String?) throws(GitError) -> [String: [UInt8]] {
        guard let commit, !paths.isEmpty else { return [:] }
        let request = paths.map { "\(commit):\($0)\n" }.joined()
        let output = try run(["cat-file", "--batch"], input: Array(request.utf8)).output
        var contents: [String: [UInt8]] = [:]
        var cursor = 0
        for path in paths {
            guard let newline = output[cursor...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            let header = String(decoding: output[cursor..<newline], as: UTF8.self)
            cursor = newline + 1
            let fields = header.split(separator: " ")
            guard fields.count == 3, fields[1] == "blob", let size = Int(fields[2]) else { continue }
            contents[path] = Array(output[cursor..<cursor + size])
            cursor += size + 1
        }
        return contents
    }

    /// Which of `paths` differ from HEAD in the index or the work tree, or (`untracked`) are
    /// untracked. One status of the whole work tree, filtered here: a pathspec per file makes
    /// git match every path against thousands of patterns, which costs far more than the
    /// status itself. Untracked files cost a walk of every folder (three times the rest of
    /// the status in a repository of 10,000 migrations): ask for them only when a path may be
    /// one, that is when it is about to be written, not when it is one the lock records.
    func uncommittedChanges(_ paths: [String], untracked: Bool = true) throws(GitError) -> [String] {
        guard !paths.isEmpty else { return [] }
        let wanted = Set(paths)
        let output = try run(["status", "--porcelain=v1", "-z", "--untracked-files=\(untracked ? "all" : "no")", "--no-renames"]).output
        return output.split(separator: 0).compactMap { entry in
            guard entry.count > 3 else { return nil }
            let path = String(decoding: entry.dropFirst(3), as: UTF8.self)
            return wanted.contains(path) ? path : nil
        }
    }

    /// `Name <email> time zone` for author and committer, as `git commit` would use.
    func identity() throws(GitError) -> (author: String, committer: String) {
        (try text(["var", "GIT_AUTHOR_IDENT"]), try text(["var", "GIT_COMMITTER_IDENT"]))
    }
}
