public import Plan
import Units

/// Flag changes in words, the same in the cutover steps, the way back, the rollback section and
/// `glidepath plan`: what changes, and how with this flag system.
public enum FlagWording {
    /// `dual writes on for 10% of users (orders.dual_write_v2)`.
    public static func what(_ change: FlagChange) -> String {
        let text: String =
            switch (change.role, change.value) {
            case (.dualWrite, .off): "dual writes off"
            case (.dualWrite, .cohort(let percent)): "dual writes on for \(Percent.text(percent)) of users"
            case (.dualWrite, .on): "dual writes on for everyone"
            case (.readFlip, .off): "reads back on the old store"
            case (.readFlip, .cohort(let percent)): "reads from the new store for \(Percent.text(percent)) of users"
            case (.readFlip, .on): "reads flip to the new store"
            case (.killSwitch, .off): "kill switch off"
            case (.killSwitch, .cohort(let percent)): "kill switch on for \(Percent.text(percent)) of users"
            case (.killSwitch, .on): "kill switch on: every user on the old path"
            }
        return text + " (\(change.flag))"
    }

    /// The spec edit a GitOps change needs, as an instruction; nil when commands alone do it.
    public static func edit(_ change: FlagChange, in plan: CheckedPlan) -> String? {
        guard case .specEdit(let field, let value, _) = change.method else { return nil }
        return "in \(plan.origin.displayPath) set \(field): \(value), merge and publish (glidepath publish), then sync the flag object"
    }

    /// The whole change on one line: the edit, then the commands.
    public static func how(_ change: FlagChange, in plan: CheckedPlan) -> String {
        let commands = change.commands.map(\.shellText).joined(separator: " && ")
        guard let edit = edit(change, in: plan) else { return commands }
        return edit + ": " + commands
    }

    /// What the flag system needs before the first change, for the preconditions.
    public static func setup(_ flags: FlagPlan) -> String {
        switch flags.system {
        case .object(let object, let change):
            let what =
                object.kind == .featureFlag
                ? "the FeatureFlag \(object.name) (\(Names.File.flags)) is synced and a FeatureFlagSource feeds it to flagd"
                : "the ConfigMap \(object.name) (\(Names.File.flags)) is synced and mounted where the service reads its flags"
            return what
                + (change == .kubectl
                    ? "; flags change by kubectl patch, which the Argo CD Application ignores"
                    : "; flags change by editing the spec and publishing")
        case .launchDarkly(_, let project, let environment, let token):
            return
                "the flags exist in LaunchDarkly project \(project), environment \(environment), off; $\(token) holds an API access token with writer rights"
        case .unleash(let url, let project, let environment, let token):
            return
                "the flags exist in Unleash at \(url), project \(project), environment \(environment), disabled; $\(token) holds an admin API token; "
                + "each flag has the one strategy titled 'glidepath' that every change updates in place (the commands below create it at 0%, "
                + "once), and jq is installed"
        case .command:
            return "the flag command works from the on-call's shell"
        }
    }
}
