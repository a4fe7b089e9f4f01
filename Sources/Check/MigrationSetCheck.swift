public import Diagnostics

/// Rules across the specs one command reads together: two specs naming one migration would
/// write the same folder, runbook and Argo CD Application. Every command that reads several
/// specs (check, site, publish, diff, check-repo, manifests) applies it.
public enum MigrationSetCheck {
    /// For each spec (nil where it has no name yet), an error when an earlier spec already
    /// uses its migration name.
    public static func duplicateNames(_ specs: [(name: String, range: SourceRange)?]) -> [Int: Diagnostic] {
        var first: [String: SourceRange] = [:]
        var found: [Int: Diagnostic] = [:]
        for (index, spec) in specs.enumerated() {
            guard let spec else { continue }
            if let earlier = first[spec.name] {
                found[index] = CheckMessages.duplicateMigration(spec.name, at: spec.range, first: earlier)
            } else {
                first[spec.name] = spec.range
            }
        }
        return found
    }
}
