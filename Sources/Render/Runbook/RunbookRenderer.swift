import Digest
public import Files
public import Plan

/// The runbook of one migration: `runbook.html` beside the manifests and SQL files it links
/// to, and (for a compile output folder) the shared assets.
public enum RunbookRenderer {
    public static let page = "runbook.html"

    /// - Parameter generated: the manifests and SQL files of the same plan, linked and digested.
    /// - Parameter signOffs: approvals the GitOps repository records (shown at their points).
    public static func render(
        _ plan: CheckedPlan, generated: [Artifact], templates: RunbookTemplates, version: String, signOffs: [SignOffRecord]? = nil
    ) throws(RenderError) -> [Artifact] {
        let chrome = PageChrome(assets: RunbookTemplates.assetsFolder + "/", siteIndex: nil, generator: "glidepath " + version)
        let model = RunbookPage(plan: plan, artifacts: generated, chrome: chrome, version: version, signOffs: signOffs)
        let html = try templates.compiled().runbook(model)
        return [Artifact(path: page, contents: html)] + templates.assets
    }

    /// What a sign-off approves: the digest of `sha256sum` over the generated files in path
    /// order, as the runbook shows it and `glidepath sign-off` records it, so anyone can
    /// recompute it with `artifactsDigestCommand`.
    public static func artifactsDigest(_ artifacts: [Artifact]) -> String {
        artifactsDigest(artifacts.map { (path: $0.path, digest: SHA256.hex($0.contents)) })
    }

    /// The same digest from each file's own SHA-256, for a caller that already has them.
    static func artifactsDigest(_ files: [(path: String, digest: String)]) -> String {
        let listing = files.filter { !isOutsideDigest($0.path) }.sorted {
            Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8))
        }
        .map { $0.digest + "  " + $0.path + "\n" }
        .joined()
        return SHA256.hex(listing)
    }

    /// `sha256sum $(find dashboards manifests sql -type f | LC_ALL=C sort) | sha256sum`, naming
    /// only the folders this plan generates (`find` fails on a missing one). `LC_ALL=C sort`
    /// orders by bytes, as `artifactsDigest` does.
    public static func artifactsDigestCommand(_ artifacts: [Artifact]) -> String {
        let folders = Set(artifacts.compactMap { $0.path.split(separator: "/", maxSplits: 1).first.map(String.init) })
        let listed = folders.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.joined(separator: " ")
        let skip = artifacts.contains { isOutsideDigest($0.path) } ? " ! -name \(Names.File.contractJob)" : ""
        return "sha256sum $(find \(listed) -type f\(skip) | LC_ALL=C sort) | sha256sum"
    }

    /// The contract's Job is what the point-of-no-return sign-off lets through: publishing it
    /// must not change the files that sign-off approved.
    static func isOutsideDigest(_ path: String) -> Bool { path == "manifests/" + Names.File.contractJob }
}
