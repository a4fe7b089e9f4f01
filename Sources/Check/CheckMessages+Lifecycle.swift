import Diagnostics
import Plan
import Spec
import Units

extension CheckMessages {
    static func hostNotAService(_ host: Located<String>, problem: (why: String, fixes: [String])) -> Diagnostic {
        error(
            "host-not-a-service", "host '\(host.value)' names no Service: " + problem.why, host.range,
            [
                "the canary would get no traffic and every gate would be inconclusive",
                "use " + problem.fixes.joined(separator: " or "),
            ])
    }

    static func externalHostWithoutGateway(_ host: Located<String>) -> Diagnostic {
        error(
            "external-host-without-gateway",
            "host '\(host.value)' is outside the cluster, and no gateway in 'traffic.gateways' serves it", host.range,
            ["name the Istio gateway that receives it (e.g. gateways: [web/public-gateway, mesh]), or use the Service's short name"])
    }

    static func fromNotAnImage(_ from: Located<String>) -> Diagnostic {
        error(
            "from-not-an-image",
            "'\(from.value)' is not an image: the Rollout cannot run it as the baseline, and the way back could not name it",
            from.range,
            [
                "name the image serving traffic now (e.g. registry.example.com/orders:1.4.1)",
                "or, for an old version outside Kubernetes, declare 'workload.legacy' with its host and port: glidepath routes to it through a ServiceEntry and a bridge",
            ])
    }

    static func legacyWithoutTemplate(_ range: SourceRange) -> Diagnostic {
        error(
            "legacy-without-template", "'workload.legacy' needs 'workload.template': the Rollout runs the bridge, then the new version",
            range)
    }

    static func increaseOverBridge(_ range: SourceRange) -> Diagnostic {
        warning(
            "increase-over-bridge",
            "the stable side is the bridge to the legacy backend: a latency bound relative to stable compares the canary with an "
                + "nginx that exports none of the application's metrics", range,
            [
                "with application metrics the gate sees no stable traffic and stays inconclusive, pausing every step; use 'max' instead",
                "or keep it if the metrics come from the mesh's sidecars, which both sides have",
            ])
    }

    static func stageWithDeployment(_ stage: Located<Workload.Stage>) -> Diagnostic {
        error(
            "stage-with-deployment",
            "'workload.stage' does not apply when the Rollout takes over a Deployment: the version changes in the Deployment's own manifests",
            stage.range, ["remove 'stage'; the runbook says when to change the Deployment's image"])
    }

    static func baselineWithoutFrom(_ stage: Located<Workload.Stage>) -> Diagnostic {
        error(
            "baseline-without-from", "'stage: baseline' needs the version serving traffic now, and the spec names none", stage.range,
            ["set 'workload.from' to its image, or 'workload.legacy' to its backend"])
    }

    static func windowTooShort(_ window: Located<TimeSpan>) -> Diagnostic {
        error(
            "window-too-short", "a query window of \(window.value) is shorter than one second: PromQL cannot take a rate over it",
            window.range, ["use a window of at least two scrape intervals, e.g. window: 1m"])
    }

    static func windowUnderTwoScrapes(_ window: Located<TimeSpan>, scrape: TimeSpan) -> Diagnostic {
        warning(
            "window-under-two-scrapes",
            "a query window of \(window.value) holds fewer than two samples at a \(scrape) scrape interval: rate() returns nothing "
                + "and every gate is inconclusive", window.range, ["use a window of at least \(scrape * 2)"])
    }

    static func unmeasuredObjective(_ availability: Located<Double>) -> Diagnostic {
        warning(
            "unmeasured-objective",
            "availability \(Percent.text(availability.value)) is not measured by any gate or alert", availability.range,
            ["the gates bound the 5xx rate over minutes, not availability over its period; watch it on the SLO's own dashboard, or drop it"]
        )
    }

    static func criticalWithoutHolds(_ range: SourceRange) -> Diagnostic {
        warning(
            "critical-without-holds", "a critical service with no hold point: no person decides at any step of the rollout", range,
            ["add 'traffic.holdPoints' with the people who sign off, e.g. - { at: 50, signOff: [on-call SRE] }"])
    }

    static func noEarlierVersion(_ range: SourceRange) -> Diagnostic {
        warning(
            "no-earlier-version",
            "no earlier version is named: the first sync creates the Rollout at 100% with no steps, and no way back can name a version",
            range, ["set 'workload.from' to the image serving traffic now; then the first publish runs it as the baseline"])
    }

    static func firstPublishSkipsCanary(_ range: SourceRange, migration: String, baseline: WorkloadPlan.Baseline, image: String)
        -> Diagnostic
    {
        let old: String =
            switch baseline {
            case .image(let image): image
            case .legacy(let legacy): "the bridge to \(legacy.host)"
            default: "the baseline"
            }
        return error(
            "first-publish-skips-canary",
            "the repository has never published '\(migration)': this publish would create its Rollout at \(image), and Argo "
                + "Rollouts creates a new Rollout at 100% with no steps and no analysis",
            range,
            [
                "publish the baseline first: set 'workload.stage: baseline' (the Rollout runs \(old)), publish and sync it",
                "then set 'stage: canary' in a second pull request: the canary steps move traffic to \(image)",
            ])
    }

    static func flagdCohortNotWhole(_ cohort: Located<Double>) -> Diagnostic {
        error(
            "flagd-cohort-not-whole",
            "flagd's fractional split reads whole percentages that add up to 100 in every release; \(Percent.text(cohort.value)) is not one",
            cohort.range, ["use a whole percentage, e.g. dualWriteCohort: 10%"])
    }

    static func staleRead(_ range: SourceRange, version: String, store: String, when: String) -> Diagnostic {
        error(
            "data-flow-stale-read",
            "\(when), the \(version) version reads \(store), which not every write reaches: rows written since would be missing",
            range, ["keep dual writes on while anything reads the new store; turn them off only after reads are back on the old one"])
    }

    static func rehearsalWithoutPeak(_ range: SourceRange) -> Diagnostic {
        error(
            "rehearsal-without-peak", "a rehearsal holds the peak rate, and the spec gives none", range,
            ["set profile.peakRPS (requests per second at peak), and profile.p95 for the latency bar"])
    }

    static func rehearsalOverCapacity(_ capacity: Located<Double>, peak: Double) -> Diagnostic {
        error(
            "rehearsal-over-capacity",
            "the rehearsal sends the peak of \(PlainDecimal.text(peak)) requests/s, and the staging copy takes \(PlainDecimal.text(capacity.value))",
            capacity.range,
            ["size the staging copy for the peak (a rehearsal below it proves nothing about the peak), then raise capacity"])
    }

    static func rehearsalWithoutTarget(_ range: SourceRange) -> Diagnostic {
        error(
            "rehearsal-without-target", "the rehearsal has nowhere to send its load: no target and no traffic.mirror", range,
            ["set rehearsal.target to the staging copy's URL"])
    }

    static func rehearsalWithoutLatencyBar(_ range: SourceRange) -> Diagnostic {
        warning(
            "rehearsal-without-latency-bar", "the rehearsal has no latency to hold: no profile.p95 and no slo.latency.p95.max", range,
            ["set profile.p95 (production's p95): the rehearsal then fails above it plus 10%"])
    }

    static func rehearsalPathNotAbsolute(_ path: Located<String>) -> Diagnostic {
        error("rehearsal-path-not-absolute", "the path '\(path.value)' does not start with '/'", path.range)
    }

    static func rehearsalWithoutWeight(_ weight: Located<Double>) -> Diagnostic {
        error("rehearsal-without-weight", "every endpoint of the rehearsal has weight 0: it would send nothing", weight.range)
    }
}
