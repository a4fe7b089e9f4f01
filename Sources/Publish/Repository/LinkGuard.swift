import Files

/// A symbolic link anywhere on the way to a path publish writes or removes would carry the
/// write out of the repository (a committed `apps/x/migrations -> /etc`, or a `manifests/`
/// folder replaced by a link). Every such path is refused before anything is committed or
/// written: links in the work tree (lstat of each component) and links in the tree the commit
/// is built on (mode 120000). `--force` does not override it.
struct LinkGuard {
    let git: Git
    let fileSystem: FileSystem

    func conflicts(_ paths: [String], base: String?, workTree: Bool) throws(GitError) -> [Conflict] {
        guard !paths.isEmpty else { return [] }
        var linked = workTree ? workTreeLinks(paths) : [:]
        if let base {
            let tops = Set(paths.compactMap { $0.split(separator: "/").first.map(String.init) }).sorted()
            for link in try git.symbolicLinks(at: base, under: tops) {
                for path in paths where path == link || path.hasPrefix(link + "/") {
                    linked[path] = linked[path] ?? link
                }
            }
        }
        return linked.keys.sorted().map { Conflict(path: $0, reason: .symbolicLink(linked[$0] ?? $0)) }
    }

    /// Each path with the first component of it (or the path itself) that is a link on disk.
    private func workTreeLinks(_ paths: [String]) -> [String: String] {
        var verdict: [String: Bool] = [:]
        func isLink(_ prefix: String) -> Bool {
            if let known = verdict[prefix] { return known }
            let link = fileSystem.entryKind(git.root + "/" + prefix) == .symbolicLink
            verdict[prefix] = link
            return link
        }
        var found: [String: String] = [:]
        for path in paths {
            var prefix = ""
            for component in path.split(separator: "/") {
                prefix += prefix.isEmpty ? String(component) : "/" + component
                if isLink(prefix) {
                    found[path] = prefix
                    break
                }
            }
        }
        return found
    }
}

extension Git {
    /// Paths of the symbolic links (mode 120000) in a commit's tree below the given top-level
    /// names, in one `ls-tree`.
    func symbolicLinks(at commit: String, under tops: [String]) throws(GitError) -> [String] {
        guard !tops.isEmpty else { return [] }
        let output = try run(["ls-tree", "-r", "-t", "-z", "--full-tree", commit, "--"] + tops).output
        return output.split(separator: 0).compactMap { entry in
            let text = String(decoding: entry, as: UTF8.self)
            guard text.hasPrefix("120000 "), let tab = text.firstIndex(of: "\t") else { return nil }
            return String(text[text.index(after: tab)...])
        }
    }
}
