import Plan
import Units

/// The exact command that sets one flag with each flag system. Every JSON body is built here,
/// from values the checker has already restricted to safe characters, and every command is an
/// argument list, so nothing a spec holds can change what the shell runs.
enum FlagCommands {
    static func method(setting flag: FlagPlan.Flag, to value: FlagPlan.Value, system: FlagPlan.System, migration: String)
        -> FlagChange.Method
    {
        switch system {
        case .object(let object, let change):
            switch change {
            case .gitops:
                // argocd app sync's --resource takes GROUP:KIND:NAME (an empty group for core kinds).
                let sync = Command.argv([
                    "argocd", "app", "sync", migration, "--resource", "\(object.group):\(object.kubernetesKind):\(object.name)",
                ])
                return .specEdit(field: "flags.state.\(flag.role.rawValue)", value: stateName(value), sync: sync)
            case .kubectl:
                let resource = object.kind == .featureFlag ? "featureflags.core.openfeature.dev" : "configmap"
                return .commands([
                    .argv([
                        "kubectl", "patch", resource, object.name, "-n", object.namespace, "--type", "merge", "-p",
                        mergePatch(object.kind, flag: flag.key, value: value),
                    ])
                ])
            }
        case .launchDarkly(let baseURL, let project, let environment, let token):
            return .commands([launchDarklyPatch(baseURL, project, environment, token, flag: flag.key, value: value)])
        case .unleash(let baseURL, let project, let environment, let token):
            return .commands(unleashCalls(baseURL, project, environment, token, flag: flag.key, value: value))
        case .command(let template):
            let enabled = value == .off ? "false" : "true"
            return .commands([.shell(fill(template, flag: flag.key, value: enabled, percent: FlagWeights.percentText(value.percent)))])
        }
    }

    /// The word the spec's `flags.state` uses for a value.
    static func stateName(_ value: FlagPlan.Value) -> String {
        switch value {
        case .off: "off"
        case .cohort: "cohort"
        case .on: "on"
        }
    }

    // MARK: flagd and ConfigMap objects

    /// A JSON merge patch (RFC 7386) of the one flag: `null` removes the cohort's targeting.
    static func mergePatch(_ kind: FlagPlan.FlagObject.Kind, flag: String, value: FlagPlan.Value) -> String {
        switch kind {
        case .configMap:
            return #"{"data":{"# + json(flag) + ":" + json(FlagWeights.percentText(value.percent)) + "}}"
        case .featureFlag:
            let variant = value == .on ? "on" : "off"
            let targeting: String
            if case .cohort(let percent) = value {
                targeting = fractional(percent)
            } else {
                targeting = "null"
            }
            return #"{"spec":{"flagSpec":{"flags":{"# + json(flag) + #":{"defaultVariant":"# + json(variant)
                + #","targeting":"# + targeting + "}}}}}"
        }
    }

    /// flagd's `fractional` operation: `on` for `percent` of subjects, bucketed by the
    /// targeting key (flagd-schemas json/targeting.json, `fractionalOp`), as whole percentages
    /// that add up to 100: the form every flagd release reads (releases before relative weights
    /// required it; docs/reference/custom-operations/fractional-operation.md). The checker
    /// allows only whole cohorts for flagd.
    static func fractional(_ percent: Double) -> String {
        let on = FlagWeights.wholePercent(percent)
        return #"{"fractional":[["on","# + String(on) + #"],["off","# + String(100 - on) + "]]}"
    }

    // MARK: LaunchDarkly

    /// LaunchDarkly's REST API, `PATCH /api/v2/flags/{projectKey}/{featureFlagKey}` with a JSON
    /// Patch of the environment's `on` and `fallthrough` (launchdarkly.com/docs/api/feature-flags/
    /// update-feature-flag). Boolean flags are created with variation 0 `true` and 1 `false`; a
    /// rollout's weights are thousandths of a percent and add up to 100000.
    static func launchDarklyPatch(
        _ baseURL: String, _ project: String, _ environment: String, _ token: String, flag: String, value: FlagPlan.Value
    ) -> Command {
        let path = "/environments/" + pointerSegment(environment)
        var operations = [#"{"op":"replace","path":"# + json(path + "/on") + #","value":"# + (value == .off ? "false" : "true") + "}"]
        switch value {
        case .off:
            break
        case .on:
            operations.append(#"{"op":"replace","path":"# + json(path + "/fallthrough") + #","value":{"variation":0}}"#)
        case .cohort(let percent):
            let on = FlagWeights.basisPoints(percent) * 10
            operations.append(
                #"{"op":"replace","path":"# + json(path + "/fallthrough")
                    + #","value":{"rollout":{"variations":[{"variation":0,"weight":"# + String(on)
                    + #"},{"variation":1,"weight":"# + String(100_000 - on) + "}]}}}")
        }
        return .words([
            .text("curl"), .text("-fsS"), .text("-X"), .text("PATCH"),
            .text("\(baseURL)/api/v2/flags/\(project)/\(flag)"),
            .text("-H"), .variable(prefix: "Authorization: ", name: token),
            .text("-H"), .text("Content-Type: application/json"),
            .text("--data"), .text("[" + operations.joined(separator: ",") + "]"),
        ])
    }

    // MARK: Unleash

    /// The title of the one strategy glidepath keeps per flag, so a change updates it in place.
    static let unleashStrategyTitle = "glidepath"
    static let unleashStrategyVariable = "GLIDEPATH_STRATEGY_ID"

    /// What a flag system needs once before the cutover: for Unleash, the flag's strategy at 0%.
    static func setup(for flag: FlagPlan.Flag, system: FlagPlan.System) -> [Command] {
        guard case .unleash(let baseURL, let project, let environment, let token) = system else { return [] }
        let strategies = unleashFeature(baseURL, project, environment, flag.key) + "/strategies"
        return [unleashCall("POST", .text(strategies), token: token, body: unleashStrategy(flag.key, percent: 0))]
    }

    /// Unleash's Admin API: the flag's one `flexibleRollout` strategy (Unleash's gradual
    /// rollout), found by its title and replaced in place with `PUT .../strategies/{id}`, then
    /// `POST .../environments/{environment}/on` (or `/off`). Replacing, not adding: Unleash turns
    /// a flag on for a user when any strategy does, so an added strategy per change would leave
    /// 100% behind after a rollback and a retry at 10%.
    static func unleashCalls(
        _ baseURL: String, _ project: String, _ environment: String, _ token: String, flag: String, value: FlagPlan.Value
    ) -> [Command] {
        let feature = unleashFeature(baseURL, project, environment, flag)
        guard value != .off else { return [unleashCall("POST", .text(feature + "/off"), token: token)] }
        let strategies = feature + "/strategies"
        let lookup = Command.capture(
            variable: unleashStrategyVariable,
            pipeline: [
                [
                    .text("curl"), .text("-fsS"), .text(strategies), .text("-H"), .variable(prefix: "Authorization: ", name: token),
                ],
                [.text("jq"), .text("-r"), .text("[.[] | select(.title == " + json(unleashStrategyTitle) + ")][0].id // empty")],
            ])
        let replace = unleashCall(
            "PUT", .variable(prefix: strategies + "/", name: unleashStrategyVariable), token: token,
            body: unleashStrategy(flag, percent: value.percent))
        return [lookup, replace, unleashCall("POST", .text(feature + "/on"), token: token)]
    }

    private static func unleashFeature(_ baseURL: String, _ project: String, _ environment: String, _ flag: String) -> String {
        "\(baseURL)/api/admin/projects/\(project)/features/\(flag)/environments/\(environment)"
    }

    private static func unleashStrategy(_ flag: String, percent: Double) -> String {
        #"{"name":"flexibleRollout","title":"# + json(unleashStrategyTitle) + #","parameters":{"rollout":"#
            + json(FlagWeights.percentText(percent)) + #","stickiness":"default","groupId":"# + json(flag) + "}}"
    }

    private static func unleashCall(_ method: String, _ url: Command.Word, token: String, body: String? = nil) -> Command {
        var words: [Command.Word] = [
            .text("curl"), .text("-fsS"), .text("-X"), .text(method), url, .text("-H"), .variable(prefix: "Authorization: ", name: token),
        ]
        if let body { words += [.text("-H"), .text("Content-Type: application/json"), .text("--data"), .text(body)] }
        return .words(words)
    }

    // MARK: Text

    /// A JSON string literal.
    static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// One segment of a JSON Pointer (RFC 6901).
    static func pointerSegment(_ text: String) -> String {
        text.replacing(exactly: "~", with: "~0").replacing(exactly: "/", with: "~1")
    }

    /// The spec's template with `{flag}`, `{value}` and `{percent}` filled in.
    static func fill(_ template: String, flag: String, value: String, percent: String) -> String {
        var out = ""
        var rest = Substring(template)
        let fields = [("{flag}", flag), ("{value}", value), ("{percent}", percent)]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let tail = rest[open...]
            if let (name, text) = fields.first(where: { tail.hasPrefix($0.0) }) {
                out += text
                rest = tail.dropFirst(name.count)
            } else {
                out += "{"
                rest = tail.dropFirst()
            }
        }
        return out + rest
    }
}
