public import Files
public import Plan

/// The runbook of one migration: `runbook.html` beside the manifests and SQL files it links
/// to, and (for a compile output folder) the shared assets.
public enum RunbookRenderer {
    public static let page = "runbook.html"

    /// - Parameter generated: the manifests and SQL files of the same plan, linked and digested.
    public static func render(
        _ plan: CheckedPlan, generated: [Artifact], templates: RunbookTemplates, version: String
    ) throws(RenderError) -> [Artifact] {
        let chrome = PageChrome(assets: RunbookTemplates.assetsFolder + "/", siteIndex: nil, generator: "glidepath " + version)
        let model = RunbookPage(plan: plan, artifacts: generated, chrome: chrome, version: version)
        let html = try templates.compiled().render("runbook", model)
        return [Artifact(path: page, contents: html)] + templates.assets
    }
}
