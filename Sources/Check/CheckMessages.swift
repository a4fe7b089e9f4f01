import Diagnostics
import JSON
import Plan
import Spec
import Units

/// Every message of the semantic checks, in one place.
enum CheckMessages {
    static func error(_ id: String, _ message: String, _ range: SourceRange, _ notes: [String] = []) -> Diagnostic {
        Diagnostic(id: "check.\(id)", severity: .error, message: message, range: range, notes: notes.map { DiagnosticNote($0) })
    }

    static func warning(_ id: String, _ message: String, _ range: SourceRange, _ notes: [String] = []) -> Diagnostic {
        Diagnostic(id: "check.\(id)", severity: .warning, message: message, range: range, notes: notes.map { DiagnosticNote($0) })
    }

    static func duplicateMigration(_ name: String, at range: SourceRange, first: SourceRange) -> Diagnostic {
        Diagnostic(
            id: "check.duplicate-migration", severity: .error,
            message: "migration name '\(name)' is already used by \(first.path):\(first.start.line)", range: range,
            notes: [DiagnosticNote("each migration needs its own name: it names the runbook's folder and the Argo CD Application")])
    }

    static func weightNotIncreasing(_ weight: Located<Int>, after previous: Located<Int>) -> Diagnostic {
        var diagnostic = error(
            "weights-not-increasing",
            "canary weight \(weight.value)% does not increase over the previous step's \(previous.value)%", weight.range)
        diagnostic.notes = [DiagnosticNote("previous step here", at: previous.range)]
        return diagnostic
    }

    static func lastWeightNot100(_ weight: Located<Int>) -> Diagnostic {
        error(
            "last-weight-not-100", "the last canary step sets \(weight.value)%, so the rollout never completes", weight.range,
            ["end the steps with 'weight: 100'"])
    }

    static func holdPointNotAStep(_ at: Located<Int>, weights: [Int]) -> Diagnostic {
        error(
            "hold-point-not-a-step", "hold point at \(at.value)% matches no canary step", at.range,
            ["steps are at " + weights.map { "\($0)%" }.joined(separator: ", ")])
    }

    static func duplicateHoldPoint(_ at: Located<Int>) -> Diagnostic {
        error("duplicate-hold-point", "a hold point at \(at.value)% is already defined", at.range)
    }

    static func noGateBeforeHalf(_ weight: Located<Int>) -> Diagnostic {
        warning(
            "no-gate-before-half", "the rollout reaches \(weight.value)% with no analysis gate before it", weight.range,
            ["half the users would meet a broken canary before any automatic check; set 'analysis: true' on an earlier step"])
    }

    static func pauseShorterThanWindow(_ step: CanaryStep, pause: TimeSpan, window: Located<TimeSpan>) -> Diagnostic {
        warning(
            "pause-shorter-than-window",
            "the analysis at \(step.weight.value)% starts after \(pause), within its \(window.value) rate() window",
            step.pause?.range ?? step.weight.range,
            ["its first measurements still count traffic from the previous weight; pause at least \(window.value)"])
    }

    static func stepWithoutWait(_ weight: Located<Int>) -> Diagnostic {
        warning(
            "step-without-wait", "step \(weight.value)% has no pause, analysis or hold, so the rollout moves on at once",
            weight.range, ["add 'pause:' or 'analysis: true', or remove the step"])
    }

    static func gateLooserThanSLO(at range: SourceRange, gate: String, slo: String, sloRange: SourceRange, what: String) -> Diagnostic {
        var diagnostic = error(
            "gate-looser-than-slo", "the analysis gate allows a \(what) of \(gate), looser than the SLO's \(slo)",
            range, ["a gate looser than the SLO would promote a canary that breaks it"])
        diagnostic.notes.append(DiagnosticNote("the SLO is set here", at: sloRange))
        return diagnostic
    }

    static func gateWithoutSLO(_ range: SourceRange, what: String, sloField: String) -> Diagnostic {
        warning(
            "gate-without-slo", "the analysis gates the \(what) but the SLO states no bound for it", range,
            ["add '\(sloField)' so the rollback criterion names it too"])
    }

    static func zeroErrorBudget(_ range: SourceRange) -> Diagnostic {
        warning(
            "zero-error-budget", "a maximum 5xx rate of 0% fails the canary on its first error", range,
            ["no service runs at 0% errors; use the error budget the SLO allows"])
    }

    static func derivedNameTooLong(_ what: String, name: String, from service: Located<String>) -> Diagnostic {
        error(
            "derived-name-too-long", "the \(what) name '\(name)' derived from this service is longer than 63 characters",
            service.range, ["shorten 'metadata.service' or set the name explicitly under 'traffic'"])
    }

    static func sameServiceBothSides(_ name: String, at range: SourceRange) -> Diagnostic {
        error(
            "same-service-both-sides", "stable and canary both use Service '\(name)'", range,
            ["host routing needs one Service per side; use 'routing: subset' for one Service"])
    }

    static func duplicateHost(_ host: Located<String>) -> Diagnostic {
        error("duplicate-host", "host '\(host.value)' is listed twice", host.range)
    }

    static func lowStatisticalPower(
        step: Located<Int>, requests: Int, window: TimeSpan, rps: Double, threshold: Double, oneError: Double,
        windowNeeded: TimeSpan, weightNeeded: Int
    ) -> Diagnostic {
        let rate = JSONValue.number(rps).serialized()
        return warning(
            "low-statistical-power",
            "at \(step.value)% of \(rate) RPS an analysis window of \(window) sees about \(requests) requests: one 5xx is already \(Percent.text(oneError * 100)), above the \(Percent.text(threshold * 100)) gate",
            step.range,
            [
                "the gate cannot tell a healthy canary from a broken one at this weight; lengthen 'traffic.analysis.window' to \(windowNeeded) or gate from \(min(100, weightNeeded))% on"
            ])
    }

    static func mirroredWritesWithDualWrites(_ mirror: MirrorPlan, writes: [String], flag: Located<String>?, trigger: Bool) -> Diagnostic {
        let methods = writes.joined(separator: ", ")
        var diagnostic = error(
            "mirrored-writes",
            "shadow traffic to '\(mirror.host.value)' includes writes (\(methods)) while dual writes are on, so every write's side effects happen twice",
            mirror.methods == nil ? mirror.host.range : mirror.range,
            ["mirror only reads with 'methods: [GET, HEAD]', or set 'idempotent: true' once the target dedupes by idempotency key"])
        if let flag {
            diagnostic.notes.append(DiagnosticNote("dual writes are turned on by this flag", at: flag.range))
        } else if trigger {
            diagnostic.notes.append(DiagnosticNote("dual writes come from the data plan's 'dualWriteTrigger'"))
        }
        return diagnostic
    }

    static func mirrorGrowthShrinks(_ stage: Located<Double>, previous: Double) -> Diagnostic {
        error(
            "mirror-growth-shrinks", "mirroring stage \(Percent.text(stage.value)) is below the previous \(Percent.text(previous))",
            stage.range, ["mirroring grows: list stages in increasing order, starting from 'percent'"])
    }

    static func subsetRoutingSelectsByService(label: String, service: String, at range: SourceRange) -> Diagnostic {
        error(
            "canary-label-mismatch",
            "with subset routing, canary and stable pods share Service '\(service)', so selecting the canary by label '\(label)' measures both",
            range,
            [
                "set 'prometheus.canaryLabel' to a label that carries the pod template hash (such as \(Names.podTemplateHashLabel)), or use 'routing: host'"
            ])
    }

    static func unknownArgument(_ name: String, supplied: [String], at range: SourceRange) -> Diagnostic {
        error(
            "unknown-analysis-arg", "'{{args.\(name)}}' is not an argument the Rollout passes", range,
            [
                "the Rollout passes " + supplied.map { "'args.\($0)'" }.joined(separator: ", ")
                    + "; any other argument fails the analysis run"
            ])
    }

    static func placeholderNotAnArgument(_ tag: String?, at range: SourceRange) -> Diagnostic {
        let message =
            tag.map { "'{{\($0)}}' is not an argument Argo Rollouts can fill in" }
            ?? "'{{' opens a placeholder that no '}}' closes"
        return error(
            "argo-placeholder", message, range,
            [
                "Argo Rollouts replaces every '{{...}}' in a metric and fails the analysis run on any other; only '{{args.canary}}', '{{args.stable}}' and '{{args.namespace}}' are passed"
            ])
    }

    static func placeholderOutsideQuery(_ what: String, at range: SourceRange) -> Diagnostic {
        error(
            "argo-placeholder", "'{{' in \(what) would be read by Argo Rollouts as a placeholder", range,
            ["Argo Rollouts substitutes '{{...}}' anywhere in a metric and fails the analysis run when it cannot; remove the braces"])
    }

    static func conditionNotOneExpression(_ problem: String, at range: SourceRange) -> Diagnostic {
        error(
            "condition-syntax", "the condition is not one expression: \(problem)", range,
            ["glidepath puts a no-data guard in front of the condition, which needs balanced brackets and no comment"])
    }

    static func conditionUnguarded(_ name: Located<String>, at range: SourceRange) -> Diagnostic {
        warning(
            "condition-unguarded",
            "the conditions of metric '\(name.value)' do not read 'result[0]', so an empty result cannot be told from a failing one",
            range,
            [
                "a gate judges an empty result as the condition says, and the background watch leaves '\(name.value)' out; write the conditions over result[0], as in 'result[0] >= 0.99', and glidepath makes no data inconclusive"
            ])
    }

    static func metricIgnoresCanary(_ name: Located<String>) -> Diagnostic {
        warning(
            "metric-ignores-canary", "metric '\(name.value)' does not use '{{args.canary}}', so it measures the whole service",
            name.range, ["a gate on the whole service reacts to the canary only when it is already large"])
    }

    static func outlierEjectsOnlyCanary(_ outlier: OutlierDetection, weight: Located<Int>, replicas: Int, errorsMetric: String)
        -> Diagnostic
    {
        warning(
            "outlier-ejects-only-canary",
            "at \(weight.value)% the canary runs a single pod (of \(replicas) replicas), and outlier detection can eject it after \(outlier.consecutive5xxErrors) consecutive 5xx",
            outlier.range,
            [
                "while it is ejected the proxy answers canary requests itself, so '\(errorsMetric)' counted by the app under-reports the canary's failures",
                "set 'outlierDetection.minHealthPercent' above 0 (the default is 50), or count errors where the proxy reports them",
            ])
    }

    static func retriesHideErrors(_ retries: RetryPolicy, condition: String) -> Diagnostic {
        warning(
            "retries-hide-errors",
            "retrying on '\(condition)' up to \(retries.attempts.value) times can hide the canary's 5xx from users and client-side metrics",
            retries.retryOn.range,
            [
                "the gates only see these failures if the requests metric counts every attempt at the server; otherwise retry on connection errors only"
            ])
    }

    static func noRollbackCommand(_ range: SourceRange) -> Diagnostic {
        warning(
            "no-rollback-command", "flags change behaviour but there is no kill switch and no rollback command", range,
            ["set 'flags.killSwitch' or list 'cutover.rollbackCommands', so the on-call can undo the flags in one step"])
    }

    static func slowRollback(
        worstCase: TimeSpan, target: Located<TimeSpan>, scrape: TimeSpan, analysis: AnalysisSettings
    ) -> Diagnostic {
        let failures = analysis.failureLimit.value + 1
        return warning(
            "slow-rollback",
            "a breach can take up to \(worstCase) to put traffic back on stable, more than the \(target.value) rollback target",
            target.range,
            [
                "worst case: a \(scrape) scrape, the \(analysis.window.value) query window filling with the breach, "
                    + "\(failures) failed measurement\(failures == 1 ? "" : "s") \(analysis.interval.value) apart, and the abort "
                    + "reaching every sidecar (\(RolloutPlan.abortPropagation))",
                "shorten 'traffic.analysis.interval' or 'traffic.analysis.window' (no shorter than two scrapes), lower "
                    + "'failureLimit', or accept a longer 'cutover.rollbackTarget'",
            ])
    }
}

// MARK: Flags

extension CheckMessages {
    static func flagCommandMissing(_ provider: Located<FlagProvider>) -> Diagnostic {
        error(
            "flags-command-missing",
            "provider 'other' needs 'setCommand': glidepath does not invent a command for a flag system it does not know",
            provider.range,
            [
                "give the command that sets a flag, e.g. setCommand: \"flipt flag update {flag} --enabled={value}\"",
                "or use provider flagd, configmap, launchdarkly or unleash, whose calls glidepath writes",
            ])
    }

    static func flagCommandWithoutValue(_ template: Located<String>) -> Diagnostic {
        error(
            "flags-command-without-value",
            "the flag command has neither '{value}' nor '{percent}', so turning a flag on and off would run the same command",
            template.range, ["'{value}' becomes true or false, '{percent}' the share of users (0 to 100)"])
    }

    static func flagCommandWithoutFlag(_ template: Located<String>) -> Diagnostic {
        error(
            "flags-command-without-flag", "the flag command has no '{flag}', so every flag would be set by the same command",
            template.range,
            ["'{flag}' becomes the flag's key"])
    }

    static func flagCohortNotExpressible(_ template: Located<String>, cohort: Double) -> Diagnostic {
        warning(
            "flags-cohort-not-expressible",
            "the flag command has no '{percent}', so dual writes cannot start with the \(Percent.text(cohort)) cohort: they go on for everyone at once",
            template.range, ["add '{percent}' (the share of users, 0 to 100) if the flag system can target a share"])
    }

    static func flagFieldsMissing(_ provider: Located<FlagProvider>, _ fields: [String]) -> Diagnostic {
        error(
            "flags-fields-missing",
            "provider '\(provider.value.rawValue)' needs " + fields.map { "'flags.\($0)'" }.joined(separator: ", ")
                + " to address its API", provider.range,
            ["the API token is never written in a spec: the commands read it from the environment variable 'flags.tokenVariable' names"])
    }

    static func flagCommandUnused(_ template: Located<String>, provider: String) -> Diagnostic {
        error(
            "flags-command-unused", "'setCommand' applies only to provider 'other'; glidepath writes the \(provider) calls itself",
            template.range,
            ["remove 'setCommand', or set 'provider: other' to use it"])
    }

    static func flagFieldUnused(_ field: String, at range: SourceRange, provider: String) -> Diagnostic {
        warning("flags-field-unused", "'flags.\(field)' has no effect with provider '\(provider)'", range)
    }

    static func flagStateWithoutFlag(_ state: Located<String>, flag: String) -> Diagnostic {
        error(
            "flags-state-without-flag", "'flags.state.\(flag)' is '\(state.value)', but 'flags.\(flag)' names no flag", state.range,
            ["name the flag in 'flags.\(flag)', or leave its state off"])
    }

    static func flagKeyInvalid(_ key: Located<String>, system: String, allowed: String) -> Diagnostic {
        error(
            "flags-key-invalid", "'\(key.value)' is not \(system)", key.range,
            ["use \(allowed) only, so the key reaches the flag system exactly as written"])
    }

    static func flagObjectNameTooLong(_ object: String, name: Located<String>) -> Diagnostic {
        error(
            "derived-name-too-long", "the flag object name '\(object)' derived from this migration name is longer than 63 characters",
            name.range, ["shorten 'metadata.name'"])
    }
}
