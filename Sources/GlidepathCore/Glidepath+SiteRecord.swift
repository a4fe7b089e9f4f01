import Digest
import Files
import Foundation
import ParallelWork
import Plan
import Publish
import Render

/// The incremental half of `site`: which specs are exactly as the last build left them (same
/// bytes, same generator, templates and sign-off records, every file they wrote untouched), so
/// that only the others are checked and rendered. The record is a cache: whenever it cannot be
/// trusted, or a check across specs needs a spec it holds, every spec is checked as in a first build.
extension Glidepath {
    /// One spec of a site: as the record has it, or checked now.
    enum SiteSpec: Sendable {
        case recorded(displayPath: String, SiteRecord.Spec, SiteRenderer.IndexEntry)
        case checked(Checked, displayPath: String, digest: String)

        var migration: String? {
            switch self {
            case .recorded(_, let spec, _): spec.migration
            case .checked(let checked, _, _): checked.name?.name
            }
        }
    }

    /// Loads every spec (`read`: bytes already read, by path) and checks those the record
    /// cannot vouch for. The first unreadable spec (in the order given) stops the command.
    static func loadSite(
        _ paths: [String], read: [String: [UInt8]] = [:], previous: SiteRecord?, inputs: String?, outputFolder: String,
        fileSystem: FileSystem, displayPath: @escaping @Sendable (String) -> String
    ) -> Result<[SiteSpec], EnvironmentError> {
        let loaded = Parallel.map(paths) { path -> Result<SiteSpec, EnvironmentError> in
            (read[path].map { .success($0) } ?? load(path, fileSystem: fileSystem)).map { bytes in
                let display = displayPath(path)
                let digest = SHA256.hex(bytes)
                if let previous, let inputs,
                    let spec = previous.unchanged(display, digest: digest, inputs: inputs, in: outputFolder, fileSystem: fileSystem),
                    let entry = SiteRenderer.IndexEntry(fields: spec.entry)
                {
                    return .recorded(displayPath: display, spec, entry)
                }
                var checked = check(bytes: bytes, path: path, displayPath: display, digest: digest)
                // A spec keeps its name and diagnostics here, not its plan: all 10,000 plans at
                // once would set the memory of a site. It is checked again when its turn to
                // render comes. Only a spec with something to report keeps its source, to quote.
                checked.plan = nil
                if checked.diagnostics.all.isEmpty { checked.source = nil }
                return .checked(checked, displayPath: display, digest: digest)
            }
        }
        var specs: [SiteSpec] = []
        for result in loaded {
            switch result {
            case .success(let spec): specs.append(spec)
            case .failure(let failure): return .failure(failure)
            }
        }
        // A repeated name must be reported at its place in both specs, which takes their
        // sources: with a recorded spec among the repeats, every spec is checked afresh.
        let names = specs.compactMap(\.migration)
        if Set(names).count != names.count, specs.contains(where: { if case .recorded = $0 { true } else { false } }) {
            return loadSite(
                paths, read: read, previous: nil, inputs: inputs, outputFolder: outputFolder, fileSystem: fileSystem,
                displayPath: displayPath)
        }
        return .success(specs)
    }

    /// The plan of a spec checked clean before, from its bytes again; an error when the file
    /// changed in between (its new bytes were never checked with the others).
    static func recheck(_ path: String, displayPath: String, digest: String, fileSystem: FileSystem) -> Result<
        CheckedPlan, EnvironmentError
    > {
        load(path, fileSystem: fileSystem).flatMap { bytes in
            guard SHA256.hex(bytes) == digest,
                let plan = check(bytes: bytes, path: path, displayPath: displayPath, digest: digest).plan
            else { return .failure(.changedDuringBuild(path)) }
            return .success(plan)
        }
    }

    /// Everything besides a spec's own bytes that shapes its pages, as one digest: the
    /// generator (its version and the executable's own stamp, so a rebuilt glidepath renders
    /// again), the templates and the sign-off records. Nil when the executable cannot be
    /// stamped: then nothing is taken from the record.
    static func siteInputs(templates: RunbookTemplates, signOffs: [SignOffRecord]?, fileSystem: FileSystem) -> String? {
        guard let executable = Bundle.main.executablePath.flatMap(fileSystem.realPath), let stamp = fileSystem.stamp(executable) else {
            return nil
        }
        var text = "glidepath \(version)\u{1F}\(executable)\u{1F}\(stamp.size)\u{1F}\(stamp.modified)\u{1F}\(stamp.inode)\u{1E}"
        for (path, contents) in templates.files.sorted(by: { $0.key < $1.key }) {
            text += path + "\u{1F}" + SHA256.hex(contents) + "\u{1E}"
        }
        if let signOffs {
            text += "sign-offs\u{1E}"
            for record in signOffs {
                text +=
                    [record.migration, record.point, record.role, record.signer, record.artifactsDigest, record.commit, record.date]
                    .joined(separator: "\u{1F}") + "\u{1E}"
            }
        }
        return SHA256.hex(text)
    }
}
