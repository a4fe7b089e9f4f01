import Files

extension Git {
    static let pendingRef = "refs/glidepath/pending"

    /// Writes one commit on top of `parent` (nil: a root commit) with `git fast-import`, in a
    /// single process and without touching the work tree, the index or any branch: the
    /// commit exists only in the object store until a ref is moved to it.
    func commit(onto parent: String?, writes: [Artifact], removals: [String], message: String) throws(GitError) -> String {
        let identity = try identity()
        var stream: [UInt8] = []
        func line(_ text: String) { stream += Array((text + "\n").utf8) }
        func data(_ bytes: [UInt8]) {
            line("data \(bytes.count)")
            stream += bytes
            line("")
        }
        line("feature get-mark")
        line("commit \(Self.pendingRef)")
        line("mark :1")
        line("author \(identity.author)")
        line("committer \(identity.committer)")
        data(Array(message.utf8))
        if let parent { line("from \(parent)") }
        for path in removals { line("D \(path)") }
        for file in writes {
            line("M 100644 inline \(file.path)")
            data(Array(file.contents.utf8))
        }
        line("get-mark :1")
        let output = try text(["fast-import", "--quiet", "--force"], input: stream)
        try deleteRef(Self.pendingRef)
        return output
    }

    /// The same commit, signed by git itself (`commit-tree -S`: the key and program git is
    /// configured with), so a signature verifies with `git verify-commit`.
    func signed(_ commit: String, parent: String?, message: String) throws(GitError) -> String {
        var arguments = ["commit-tree", "-S"]
        if let parent { arguments += ["-p", parent] }
        arguments += ["-F", "-", commit + "^{tree}"]
        return try text(arguments, input: Array(message.utf8)).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
