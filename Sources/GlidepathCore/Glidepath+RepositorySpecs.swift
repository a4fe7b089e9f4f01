import Digest
import Files
import Plan
import Publish

/// The specs of `publish`, `diff` and `check-repo`. A spec whose place and bytes the lock
/// records, under the same settings and generator, passed this very check when it was
/// published: it is not checked again unless its files have to be rendered. In a monorepo of
/// a thousand specs, checking them all was most of an unchanged publish.
extension Glidepath {
    /// A spec for a repository command: with its plan when it was checked now.
    struct RepositorySpec: Sendable {
        var path: String
        var displayPath: String
        var digest: String
        var plan: CheckedPlan?
    }

    /// Loads every spec and checks those `lock` does not vouch for (nil: checks all). Returns the
    /// specs in the order given, the checked ones (for reports), and the command's result so
    /// far; the first unreadable spec stops it.
    /// `published`: the migrations the repository holds; a spec that would create one of the
    /// others at its new version is refused (Argo Rollouts would skip the canary).
    static func loadForRepository(
        _ paths: [String], lock: PublishLock?, published: Set<String>, format: OutputFormat, colors: Bool, fileSystem: FileSystem,
        displayPath: @escaping @Sendable (String) -> String
    ) -> (specs: [RepositorySpec], checked: [Checked], result: CommandResult) {
        let loaded = Parallel.map(paths) { path -> Result<(bytes: [UInt8], display: String, digest: String), EnvironmentError> in
            load(path, fileSystem: fileSystem).map { bytes in (bytes, displayPath(path), SHA256.hex(bytes)) }
        }
        var read: [(path: String, bytes: [UInt8], display: String, digest: String)] = []
        for (path, result) in zip(paths, loaded) {
            switch result {
            case .success(let spec): read.append((path, spec.bytes, spec.display, spec.digest))
            case .failure(let failure): return ([], [], CommandResult(failure: failure))
            }
        }
        let specs = read
        let recorded = Dictionary(
            (lock?.migrations ?? [:]).map { name, migration in (migration.spec, (name: name, digest: migration.specSHA256)) },
            uniquingKeysWith: { first, _ in first })
        func isKnown(_ spec: (path: String, bytes: [UInt8], display: String, digest: String)) -> Bool {
            recorded[spec.display]?.digest == spec.digest
        }
        var known = Set(specs.indices.filter { isKnown(specs[$0]) })
        var checkedByIndex: [Int: Checked] = [:]
        func checkRemaining() {
            let indices = specs.indices.filter { !known.contains($0) && checkedByIndex[$0] == nil }
            let results = Parallel.map(indices) { index in
                check(
                    bytes: specs[index].bytes, path: specs[index].path, displayPath: specs[index].display, digest: specs[index].digest,
                    published: published)
            }
            for (index, checked) in zip(indices, results) { checkedByIndex[index] = checked }
        }
        checkRemaining()
        // A checked spec that takes the name of a known one: both are checked, so the repeated
        // name is reported at its place in each.
        let knownNames = Dictionary(known.map { (recorded[specs[$0].display]?.name ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        let clashes = checkedByIndex.values.compactMap { $0.name.flatMap { knownNames[$0.name] } }
        if !clashes.isEmpty {
            known.subtract(clashes)
            checkRemaining()
        }
        let order = checkedByIndex.keys.sorted()
        let checked = checkedTogether(order.compactMap { checkedByIndex[$0] })
        for (index, spec) in zip(order, checked) { checkedByIndex[index] = spec }
        let result = report(checked, format: format, colors: colors)
        let repositorySpecs = specs.indices.map { index in
            RepositorySpec(
                path: specs[index].path, displayPath: specs[index].display, digest: specs[index].digest, plan: checkedByIndex[index]?.plan)
        }
        return (repositorySpecs, checked, result)
    }

    /// The lock a repository command may trust to skip checks (present, parsed, and written by
    /// this glidepath under the settings the command resolves to now), and the migrations the
    /// repository holds whatever the settings.
    static func repositoryLock(
        repository: String, options: RepositoryOptions, workTree: Bool, branch: String?, fileSystem: FileSystem
    ) -> (trusted: Publisher.ParsedLock?, published: Set<String>) {
        guard let git = try? Git.open(repository) else { return (nil, []) }
        let publisher = Publisher(inspecting: git, fileSystem: fileSystem)
        let branch = branch ?? ((try? git.checkedOutBranch()) ?? nil) ?? "main"
        guard let parsed = publisher.recordedLock(workTree: workTree, branch: branch) else { return (nil, []) }
        let lock = parsed.lock
        let published = Set(lock.migrations.keys)
        let originURL = (try? git.remoteURL("origin")).flatMap { $0 }
        let settings = try? PublishLock.Settings.resolve(
            options, recorded: lock.settings, branch: branch, originURL: originURL, generator: "glidepath \(version)")
        return (settings == lock.settings ? parsed : nil, published)
    }
}
