import Plan
import Spec

extension Planner {
    /// The flags, their system, and every change the cutover and the way back make, with the
    /// commands each system really reads.
    static func flags(_ spec: MigrationSpec, names: Names) -> FlagPlan? {
        guard let flags = spec.flags else { return nil }
        let cohort = flags.dualWriteCohort.value
        func value(_ state: Located<String>) -> FlagPlan.Value {
            switch state.value {
            case "on": .on
            case "cohort": .cohort(percent: cohort)
            default: .off
            }
        }
        let declared: [(FlagPlan.Role, Located<String>?, Located<String>)] = [
            (.dualWrite, flags.dualWrite, flags.state.dualWrite),
            (.readFlip, flags.readFlip, flags.state.readFlip),
            (.killSwitch, flags.killSwitch, flags.state.killSwitch),
        ]
        let flagList = declared.compactMap { role, key, state in
            key.map { FlagPlan.Flag(role: role, key: $0.value, initial: value(state)) }
        }
        let system = system(flags, names: names)
        var changes: [FlagChange] = []
        for flag in flagList {
            var values: [FlagPlan.Value] = [.off, .on]
            if flag.role == .dualWrite, supportsCohort(system) { values.insert(.cohort(percent: cohort), at: 1) }
            for target in values {
                changes.append(
                    FlagChange(
                        flag: flag.key, role: flag.role, value: target,
                        method: FlagCommands.method(setting: flag, to: target, system: system, migration: names.migration)))
            }
        }
        return FlagPlan(
            system: system, flags: flagList, dualWriteCohort: cohort, changes: changes,
            setup: flagList.flatMap { FlagCommands.setup(for: $0, system: system) })
    }

    private static func system(_ flags: FeatureFlags, names: Names) -> FlagPlan.System {
        let token = flags.tokenVariable?.value
        switch flags.provider.value {
        case .flagd, .configmap:
            let kind: FlagPlan.FlagObject.Kind = flags.provider.value == .flagd ? .featureFlag : .configMap
            return .object(
                FlagPlan.FlagObject(kind: kind, name: names.flagObject, namespace: names.namespace),
                change: flags.change.value == "kubectl" ? .kubectl : .gitops)
        case .launchdarkly:
            return .launchDarkly(
                baseURL: trimmedURL(flags.url?.value ?? "https://app.launchdarkly.com"), project: flags.project?.value ?? "",
                environment: flags.environment?.value ?? "", tokenVariable: token ?? "LAUNCHDARKLY_ACCESS_TOKEN")
        case .unleash:
            return .unleash(
                baseURL: trimmedURL(flags.url?.value ?? ""), project: flags.project?.value ?? "",
                environment: flags.environment?.value ?? "", tokenVariable: token ?? "UNLEASH_API_TOKEN")
        case .other:
            return .command(template: flags.setCommand?.value ?? "")
        }
    }

    /// A command template without `{percent}` cannot say "on for 10% of users".
    private static func supportsCohort(_ system: FlagPlan.System) -> Bool {
        if case .command(let template) = system { return template.contains("{percent}") }
        return true
    }

    private static func trimmedURL(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
