import Diagnostics
import Spec

/// The flags must be drivable with the system the spec names: no command is ever invented, every
/// field the system's calls need is there, and every key is one the system (and the URL or the
/// object it lands in) accepts as it is.
enum FlagsCheck: Check {
    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics) {
        guard let flags = context.spec.flags else { return }
        let provider = flags.provider
        let keys = [flags.dualWrite, flags.readFlip, flags.killSwitch].compactMap { $0 }
        let objectSystem = provider.value == .flagd || provider.value == .configmap
        let apiSystem = provider.value == .launchdarkly || provider.value == .unleash

        switch provider.value {
        case .other:
            guard let template = flags.setCommand else {
                diagnostics.append(CheckMessages.flagCommandMissing(provider))
                break
            }
            if !template.value.contains("{value}"), !template.value.contains("{percent}") {
                diagnostics.append(CheckMessages.flagCommandWithoutValue(template))
            } else if !template.value.contains("{flag}") {
                diagnostics.append(CheckMessages.flagCommandWithoutFlag(template))
            } else if flags.dualWrite != nil, !template.value.contains("{percent}") {
                diagnostics.append(CheckMessages.flagCohortNotExpressible(template, cohort: flags.dualWriteCohort.value))
            }
        case .launchdarkly, .unleash:
            var missing = [("project", flags.project), ("environment", flags.environment)].filter { $0.1 == nil }.map(\.0)
            if provider.value == .unleash, flags.url == nil { missing.append("url") }
            if !missing.isEmpty { diagnostics.append(CheckMessages.flagFieldsMissing(provider, missing)) }
        case .flagd:
            let cohort = flags.dualWriteCohort
            if flags.dualWrite != nil, cohort.value.rounded() != cohort.value {
                diagnostics.append(CheckMessages.flagdCohortNotWhole(cohort))
            }
        case .configmap:
            break
        }
        if provider.value != .other, let template = flags.setCommand {
            diagnostics.append(CheckMessages.flagCommandUnused(template, provider: provider.value.rawValue))
        }
        if !apiSystem {
            for (name, field) in [
                ("project", flags.project), ("environment", flags.environment), ("url", flags.url), ("tokenVariable", flags.tokenVariable),
            ] {
                if let field { diagnostics.append(CheckMessages.flagFieldUnused(name, at: field.range, provider: provider.value.rawValue)) }
            }
        }
        if !objectSystem {
            if !flags.change.isDefault {
                diagnostics.append(CheckMessages.flagFieldUnused("change", at: flags.change.range, provider: provider.value.rawValue))
            }
            if let state = flags.stateRange {
                diagnostics.append(CheckMessages.flagFieldUnused("state", at: state, provider: provider.value.rawValue))
            }
        }
        if flags.state.dualWrite.value == "cohort", flags.dualWrite == nil {
            diagnostics.append(CheckMessages.flagStateWithoutFlag(flags.state.dualWrite, flag: "dualWrite"))
        }
        for (name, state, key) in [
            ("readFlip", flags.state.readFlip, flags.readFlip), ("killSwitch", flags.state.killSwitch, flags.killSwitch),
        ]
        where key == nil && !state.isDefault && state.value != "off" {
            diagnostics.append(CheckMessages.flagStateWithoutFlag(state, flag: name))
        }

        for key in keys {
            if let rule = keyRule(provider.value), !rule.allows(key.value) {
                diagnostics.append(CheckMessages.flagKeyInvalid(key, system: rule.system, allowed: rule.description))
            }
        }
        if apiSystem, let rule = keyRule(provider.value) {
            for field in [flags.project, flags.environment].compactMap({ $0 }) where !rule.allows(field.value) {
                diagnostics.append(CheckMessages.flagKeyInvalid(field, system: rule.system, allowed: rule.description))
            }
        }
        if objectSystem, context.names.flagObject.count > 63 {
            diagnostics.append(CheckMessages.flagObjectNameTooLong(context.names.flagObject, name: context.spec.metadata.name))
        }
    }

    struct KeyRule {
        var system: String
        var description: String
        var extra: String

        func allows(_ text: String) -> Bool {
            !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || extra.contains($0)) }
        }
    }

    /// What each system accepts as a key: ConfigMap data keys (Kubernetes' `[-._a-zA-Z0-9]+`),
    /// LaunchDarkly keys, and Unleash names as unescaped URL path segments.
    static func keyRule(_ provider: FlagProvider) -> KeyRule? {
        switch provider {
        case .configmap: KeyRule(system: "a ConfigMap key", description: "letters, digits, '-', '_' and '.'", extra: "-_.")
        case .launchdarkly: KeyRule(system: "a LaunchDarkly key", description: "letters, digits, '-', '_' and '.'", extra: "-_.")
        case .unleash:
            KeyRule(system: "an Unleash name in an API path", description: "letters, digits, '-', '_', '.' and '~'", extra: "-_.~")
        case .flagd, .other: nil
        }
    }
}
