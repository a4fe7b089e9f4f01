import Files

extension Git {
    static let pendingRef = "refs/glidepath/pending"

    /// Writes one commit on top of `parent` (nil: a root commit) with `git fast-import`, in a
    /// single process and without touching the work tree, the index or any branch: the
    /// commit exists only in the object store until a ref is moved to it.
    func commit(onto parent: String?, writes: [Artifact], removals: [String], message: String) throws(GitError) -> String {
        let identity = try identity()
        // The stream goes to fast-import's input file as it is made: held whole, it doubled the
        // memory of a first publish (every file's bytes twice, as text and as the stream).
        let output = try run(["fast-import", "--quiet", "--force"]) { stream throws(SpawnError) in
            func line(_ text: String) throws(SpawnError) { try stream.append(text + "\n") }
            func data(_ text: String) throws(SpawnError) {
                try line("data \(text.utf8.count)")
                try stream.append(text)
                try line("")
            }
            try line("feature get-mark")
            try line("commit \(Self.pendingRef)")
            try line("mark :1")
            try line("author \(identity.author)")
            try line("committer \(identity.committer)")
            try data(message)
            if let parent { try line("from \(parent)") }
            for path in removals { try line("D \(path)") }
            for file in writes {
                try line("M 100644 inline \(file.path)")
                try data(file.contents)
            }
            try line("get-mark :1")
        }
        var mark = String(decoding: output.output, as: UTF8.self)
        while mark.hasSuffix("\n") { mark.removeLast() }
        try deleteRef(Self.pendingRef)
        return mark
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
