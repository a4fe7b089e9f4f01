public import Files
public import Plan

/// The traffic manifests of one migration, as artifacts under `manifests/`.
public enum ManifestRenderer {
    public static func render(_ plan: CheckedPlan) throws(RenderError) -> [Artifact] {
        let context = ManifestContext(plan: plan)
        let istio = IstioRenderer(context: context)
        let kubernetes = KubernetesRenderer(context: context)
        var files = [
            try RolloutRenderer(context: context).render(),
            try AnalysisTemplateRenderer(context: context).render(),
            try istio.virtualService(),
            try istio.destinationRules(),
        ]
        if let services = try kubernetes.services() { files.append(services) }
        files += try LegacyRenderer(context: context).render()
        files += try DataJobsRenderer(context: context).render(sql: SQLRenderer.render(plan))
        let rehearsal = try RehearsalRenderer(context: context).render()
        files += rehearsal.filter { $0.path.hasPrefix("manifests/") }
        if let flags = try FlagObjectRenderer(context: context).render() { files.append(flags) }
        if let alerts = try AlertRenderer(context: context).render() { files.append(alerts) }
        let dashboard = try DashboardRenderer(context: context).render()
        files += dashboard.filter { $0.path.hasPrefix("manifests/") }
        files.append(try kubernetes.kustomization(listing: files))
        // The dashboard's JSON, for teams that import it by hand, the rehearsal's script and the
        // staging copy's Application: beside the manifests, not synced with them.
        return files + dashboard.filter { !$0.path.hasPrefix("manifests/") } + rehearsal.filter { !$0.path.hasPrefix("manifests/") }
    }
}
