import Digest
import Files
import ParallelWork
import Plan
import Publish
import Render

/// The specs of `publish`, `diff`, `check-repo` and `sign-off`, and what a publish needs of the
/// renderer. Which specs the lock vouches for, and which migrations are rendered again, is the
/// repository's policy (`RepositoryView`); this file only checks and renders.
extension Glidepath {
    /// Loads every spec and checks those the repository's lock does not vouch for. Returns the
    /// specs in the order given, the checked ones (for reports), and the command's result so
    /// far; the first unreadable spec stops it. `vouch`: nil checks every spec.
    static func checkForRepository(
        _ paths: [String], in repository: RepositoryView, vouch: Bool, format: OutputFormat, colors: Bool, fileSystem: FileSystem
    ) -> (specs: [RepositorySpec], checked: [Checked], result: CommandResult) {
        let loaded = Parallel.map(paths) { path -> Result<(bytes: [UInt8], display: String, digest: String), EnvironmentError> in
            load(path, fileSystem: fileSystem).map { bytes in (bytes, repository.displayPath(path), SHA256.hex(bytes)) }
        }
        var read: [(path: String, bytes: [UInt8], display: String, digest: String)] = []
        for (path, result) in zip(paths, loaded) {
            switch result {
            case .success(let spec): read.append((path, spec.bytes, spec.display, spec.digest))
            case .failure(let failure): return ([], [], CommandResult(failure: failure))
            }
        }
        let specs = read
        let vouched = specs.map { vouch ? repository.vouchedMigration(displayPath: $0.display, digest: $0.digest) : nil }
        var known = Set(specs.indices.filter { vouched[$0] != nil })
        var checkedByIndex: [Int: Checked] = [:]
        func checkRemaining() {
            let indices = specs.indices.filter { !known.contains($0) && checkedByIndex[$0] == nil }
            let results = Parallel.map(indices) { index in
                check(
                    bytes: specs[index].bytes, path: specs[index].path, displayPath: specs[index].display, digest: specs[index].digest,
                    published: repository.published)
            }
            for (index, checked) in zip(indices, results) { checkedByIndex[index] = checked }
        }
        checkRemaining()
        // A checked spec that takes the name of a vouched one: both are checked, so the repeated
        // name is reported at its place in each.
        let knownNames = Dictionary(known.map { (vouched[$0] ?? "", $0) }, uniquingKeysWith: { first, _ in first })
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

    /// What a publish asks of the renderer: a migration's files (the runbook with its recorded
    /// sign-offs, the Application when the settings ask for one), the plan of a vouched spec
    /// (checked now, from the same bytes), and who has not approved a point for a plan's files.
    static func migrationRendering(fileSystem: FileSystem) -> MigrationRendering {
        MigrationRendering(
            files: { plan, signOffs, settings, folder throws(PublishError) in
                do throws(RenderError) {
                    var files = try render(plan, signOffs: signOffs)
                    if let application = settings.application {
                        files.append(try ArgoApplicationRenderer.render(plan, settings: application, sourcePath: folder + "/manifests"))
                    }
                    return files
                } catch {
                    throw .render(error.description)
                }
            },
            recheck: { spec throws(PublishError) in
                switch recheck(spec.path, displayPath: spec.displayPath, digest: spec.digest, fileSystem: fileSystem) {
                case .success(let plan): return plan
                case .failure(let error): throw .render("\(spec.path): \(error)")
                }
            },
            waitingSignOffs: { plan, point, records throws(PublishError) in
                do throws(EnvironmentError) {
                    return try missingSignOffs([plan], required: [point.argument], records: records)
                } catch {
                    throw .render(error.description)
                }
            })
    }
}
