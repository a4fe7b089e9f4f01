import Diagnostics

/// The glidepath spec language, `glidepath.dev/v1alpha1`: the one description of every field
/// that drives decoding (`SpecDecoder`), `glidepath schema` (`JSONSchemaGenerator`) and
/// docs/spec.md (`SpecDocsGenerator`). Change a field here and all three follow.
public enum Language {
    public static let apiVersion = "glidepath.dev/v1alpha1"
    public static let kind = "Migration"

    public static let root = ObjectType(
        "Migration",
        "One migration of one service: its goals, its traffic plan, its data plan and its cutover.",
        fields: [
            Field(
                "apiVersion", .choice([apiVersion]), required: true, example: apiVersion,
                "Version of the spec language."),
            Field("kind", .choice([kind]), required: true, example: kind, "Always `Migration`."),
            Field("metadata", .object(metadata), required: true, "Who and what this migration is."),
            Field(
                "slo", .object(slo), default: .literal(.object([])),
                "Service-level objectives that hold during the migration; they give the rollback criterion."),
            Field(
                "profile", .object(profile),
                "The service's traffic profile, used to judge whether analysis gates have enough data."),
            Field(
                "prometheus", .object(prometheus), default: .literal(.object([])),
                "Where the metrics are and what they are called."),
            Field(
                "traffic", .object(Traffic.object), default: .literal(.object([])),
                "The progressive-delivery plan: routing, canary steps, analysis, mirroring, circuit breaking."),
            Field("workload", .object(workload), required: true, "The pods the Rollout manages."),
            Field("flags", .object(flags), "Feature flags that guard dual writes, the read flip and the kill switch."),
            Field("data", .object(DataPlan.object), "The expand/contract data plan."),
            Field(
                "rehearsal", .object(Rehearsal.object),
                "A load test generated from the traffic profile (k6), the staging copy it runs against, and a gate that runs it."),
            Field("cutover", .object(cutover), default: .literal(.object([])), "The cutover hour and what follows it."),
            Field(
                "observability", .object(observability), default: .literal(.object([])),
                "The alerts and the dashboard glidepath generates on the migration's KPIs."),
        ])

    static let observability = ObjectType(
        "Observability", "Alerts only on the migration's KPIs, and one dashboard panel per KPI.",
        fields: [
            Field(
                "alerts", .boolean, default: .literal(.bool(true)),
                "Generate a PrometheusRule: an alert per rollback criterion, on the canary and on the whole service."),
            Field(
                "alertLabels", .dictionary(key: .labelName, value: .text(.kubernetesLabelValue)), default: .literal(.object([])),
                example: "{ team: orders, pager: orders-oncall }",
                "Labels every alert carries, for Alertmanager routing (beside severity, migration, service and team)."),
            Field(
                "ruleLabels", .dictionary(key: .kubernetesLabelKey, value: .text(.kubernetesLabelValue)),
                default: .literal(.object([])), example: "{ release: kube-prometheus-stack }",
                "Labels of the PrometheusRule object itself, for the Prometheus Operator's ruleSelector."),
            Field(
                "dashboard", .boolean, default: .literal(.bool(true)),
                "Generate a Grafana dashboard (JSON, and a ConfigMap for the Grafana sidecar)."),
            Field(
                "dashboardLabels", .dictionary(key: .kubernetesLabelKey, value: .text(.kubernetesLabelValue)),
                default: .derived("`{grafana_dashboard: \"1\"}`"),
                "Labels of the dashboard's ConfigMap: what the Grafana sidecar discovers dashboards by."),
        ])

    static let metadata = ObjectType(
        "Metadata", "Identity of the migration.",
        fields: [
            Field(
                "name", .text(.dnsLabel), required: true, example: "orders-shipping-zone",
                "Name of the migration; names the output folder and the runbook."),
            Field(
                "service", .text(.serviceName), required: true, example: "orders",
                "The service being migrated; the base of every generated object name."),
            Field(
                "namespace", .text(.dnsLabel), default: .literal(.string("default")), example: "prod",
                "Kubernetes namespace of the service."),
            Field(
                "owners", .list(.text(.text), minItems: 1), required: true, example: "[team-orders, alice@example.com]",
                "People or teams accountable for the migration."),
            Field(
                "summary", .text(.markdown), example: "Move shipping zones into orders_v2.",
                "What and why, in Markdown, for the runbook's leadership summary."),
            Field(
                "status", .choice(["planned", "in-progress", "done"]), default: .literal(.string("planned")),
                "Where the migration stands, for the runbook site's index."),
            Field(
                "risk", .choice(["low", "medium", "high"]), default: .literal(.string("medium")),
                "Risk as the owners judge it, shown to leadership."),
            Field(
                "critical", .boolean, default: .literal(.bool(false)),
                "The service is critical (payments, auth, orders): a migration of it without a hold point gets a warning."),
            Field("links", .object(links), "Links to the ticket, dashboards and other documents."),
        ])

    static let links = ObjectType(
        "Links", "Related documents.",
        fields: [
            Field("ticket", .text(.url), example: "https://tracker.example.com/ORD-1234", "The change ticket."),
            Field("dashboards", .list(.text(.url), minItems: 0), default: .literal(.array([])), "Dashboards to watch."),
            Field("docs", .list(.text(.url), minItems: 0), default: .literal(.array([])), "Design documents and other references."),
            Field(
                "argocd", .text(.url), example: "https://argocd.example.com",
                "Base URL of the Argo CD web UI: the runbook links the migration's Application there."),
            Field(
                "runbooks", .text(.url), example: "https://runbooks.example.com",
                "Base URL where the runbook site (glidepath site) is served: alerts link the migration's rollback section there."),
            Field(
                "grafana", .text(.url), example: "https://grafana.example.com",
                "Base URL of Grafana: the runbook links the generated dashboard there."),
            Field(
                "rollouts", .text(.url), example: "https://rollouts.example.com/rollouts",
                "Base URL of the Argo Rollouts dashboard (as `kubectl argo rollouts dashboard` serves it, `/rollouts` included): the runbook links the Rollout there."
            ),
        ])

    static let slo = ObjectType(
        "SLO", "The objectives that hold during the migration. Analysis gates are derived from them.",
        fields: [
            Field(
                "availability", .percent(max: 100), default: .literal(.number(99.9)), example: "99.9%",
                "Availability objective for the migration window."),
            Field("errorRate", .object(errorRate), default: .literal(.object([])), "Maximum rate of 5xx responses."),
            Field("latency", .object(latency), default: .literal(.object([])), "Latency bounds."),
        ])

    static let errorRate = ObjectType(
        "ErrorRateObjective", "A bound on the share of 5xx responses.",
        fields: [
            Field(
                "max", .percent(max: 100), default: .literal(.number(0.3)), example: "0.3%",
                "Highest acceptable 5xx rate."),
            Field(
                "for", .duration, default: .literal(.string("2m")), example: "2m",
                "How long the bound may be exceeded before rolling back."),
        ])

    static let latency = ObjectType(
        "LatencyObjectives", "Latency bounds by percentile.",
        fields: [
            Field(
                "p95", .object(latencyBound), default: .literal(.object([("maxIncrease", .number(15))])),
                "Bound on the 95th percentile."),
            Field("p99", .object(latencyBound), "Bound on the 99th percentile."),
        ])

    static let latencyBound = ObjectType(
        "LatencyBound", "An absolute bound, a bound relative to the stable version, or both.",
        rules: [.atLeastOne(["max", "maxIncrease"])],
        fields: [
            Field("max", .duration, example: "250ms", "Absolute bound for the canary."),
            Field(
                "maxIncrease", .percent(max: 1000), example: "15%",
                "Largest increase of the canary over the stable version."),
            Field(
                "for", .duration, default: .literal(.string("2m")),
                "How long the bound may be exceeded before rolling back."),
        ])

    static let profile = ObjectType(
        "TrafficProfile", "Observed traffic of the service at its peak.",
        fields: [
            Field("peakRPS", .number(min: 0, max: nil), required: true, example: "1200", "Requests per second at peak."),
            Field("writeShare", .percent(max: 100), example: "20%", "Share of requests that write."),
            Field("p95", .duration, example: "180ms", "Observed 95th-percentile latency."),
            Field("p99", .duration, example: "400ms", "Observed 99th-percentile latency."),
            Field(
                "longLivedConnections", .boolean, default: .literal(.bool(false)),
                "Whether clients hold gRPC streams or WebSockets (they pin to old pods)."),
            Field(
                "stickySessions", .boolean, default: .literal(.bool(false)),
                "Whether a load balancer pins users to pods."),
        ])

    static let prometheus = ObjectType(
        "Prometheus", "The Prometheus that analysis queries, and the metric and label names it uses.",
        fields: [
            Field(
                "address", .text(.url), default: .literal(.string("http://prometheus.monitoring:9090")),
                "Address Argo Rollouts queries."),
            Field(
                "requestsMetric", .text(.metricName), default: .literal(.string("http_requests_total")),
                "Counter of requests, labelled by service and status."),
            Field(
                "durationMetric", .text(.metricName), default: .literal(.string("http_request_duration_seconds_bucket")),
                "Histogram buckets of request durations in seconds."),
            Field(
                "serviceLabel", .text(.labelName), default: .literal(.string("service")),
                "Label that carries the Kubernetes Service name."),
            Field(
                "statusLabel", .text(.labelName), default: .literal(.string("status")),
                "Label that carries the HTTP status code."),
            Field(
                "canaryLabel", .text(.labelName),
                default: .derived("`serviceLabel` with host routing; `rollouts_pod_template_hash` with subset routing"),
                "Label that tells canary from stable. When it is `serviceLabel` the values are the canary and stable Service names; otherwise they are the pod template hashes Argo Rollouts assigns."
            ),
            Field(
                "labels", .dictionary(key: .labelName, value: .text(.text)), default: .literal(.object([])), example: "{namespace: prod}",
                "Extra label matchers added to every query (values are escaped as PromQL strings)."),
            Field(
                "scrapeInterval", .duration, default: .literal(.string("30s")),
                "Scrape interval, part of the time it takes to see a breach."),
            Field(
                "metrics", .list(.object(customMetric), minItems: 0), default: .literal(.array([])),
                "Extra metrics as raw PromQL, gated like the SLO metrics."),
        ])

    static let customMetric = ObjectType(
        "CustomMetric", "A business or saturation metric in raw PromQL.",
        rules: [.atLeastOne(["successCondition", "failureCondition"])],
        fields: [
            Field("name", .text(.dnsLabel), required: true, example: "checkout-success", "Metric name in the AnalysisTemplate."),
            Field(
                "query", .text(.promql), required: true,
                "PromQL; may use `{{args.canary}}`, `{{args.stable}}` and `{{args.namespace}}`."),
            Field(
                "successCondition", .text(.condition), example: "result[0] >= 0.99",
                "Argo Rollouts expression over `result` that must hold."),
            Field("failureCondition", .text(.condition), "Argo Rollouts expression that fails the measurement."),
        ])

    static let workload = ObjectType(
        "Workload", "The pods: a reference to an existing Deployment, or a pod template.",
        rules: [.exactlyOne(["deployment", "template"])],
        fields: [
            Field(
                "deployment", .text(.dnsLabel), example: "orders",
                "An existing Deployment the Rollout takes over through `workloadRef`."),
            Field("template", .object(podTemplate), "A container for the Rollout to run itself."),
            Field(
                "from", .text(.text), example: "registry.example.com/orders:1.4.1",
                "The image (or just the version) the migration replaces: the runbook says what changes from and to, and "
                    + "the way back names it."),
            Field(
                "stage", .choice(["baseline", "canary"]),
                default: .derived(
                    "`baseline` when `from` names an image or `legacy` a backend, and the Rollout runs its own template; otherwise `canary`"
                ),
                "What the generated Rollout runs. `baseline`: the version serving traffic now (the `from` image, or the bridge to "
                    + "`legacy`), so the first sync creates the Rollout without changing what users get: Argo Rollouts creates a new "
                    + "Rollout at 100% with no steps and no analysis. `canary`: the new version, reached through the canary steps; "
                    + "publish it in a second pull request, once the baseline is synced and healthy. `glidepath publish` refuses "
                    + "`canary` for a migration the repository has never published, and going back to `baseline` is the way back."),
            Field(
                "legacy", .object(legacyBackend),
                "The old version when it runs outside Kubernetes (bare metal, virtual machines): a ServiceEntry makes it "
                    + "routable from the mesh, and the baseline Rollout runs a bridge (nginx) that forwards to it, so the canary "
                    + "steps move traffic between the legacy backend and the new version."),
            Field(
                "version", .text(.text), default: .derived("the tag of the template's image"), example: "1.4.2",
                "The version rolled out, for people; needed to name it when the Rollout takes over a Deployment."),
            Field("replicas", .integer(min: 1, max: 10_000), default: .literal(.int(3)), "Number of pods."),
            Field(
                "labels", .dictionary(key: .kubernetesLabelKey, value: .text(.kubernetesLabelValue)),
                default: .derived("`{app: <service>}`"),
                "Pod labels, also the selector of the Rollout and of the generated Services."),
            Field(
                "scaleDown", .choice(["never", "onsuccess", "progressively"]), default: .literal(.string("progressively")),
                "What happens to the referenced Deployment as the Rollout takes over."),
        ])

    static let legacyBackend = ObjectType(
        "LegacyBackend", "A backend outside Kubernetes that serves the old version.",
        fields: [
            Field(
                "host", .text(.hostname), required: true, example: "storefront.legacy.example.com",
                "DNS name of the legacy backend, as the mesh resolves it."),
            Field("port", .integer(min: 1, max: 65535), default: .literal(.int(80)), "Port the legacy backend serves HTTP on."),
            Field(
                "bridgeImage", .text(.image), default: .literal(.string("nginx:1.27-alpine")),
                "Image of the bridge the baseline Rollout runs: an nginx that forwards every request to the legacy backend."),
        ])

    static let podTemplate = ObjectType(
        "PodTemplate", "The one container of a pod.",
        fields: [
            Field("image", .text(.image), required: true, example: "registry.example.com/orders:1.4.2", "Container image."),
            Field("containerName", .text(.dnsLabel), default: .derived("the service name"), "Container name."),
            Field("port", .integer(min: 1, max: 65535), default: .literal(.int(8080)), "Port the container serves HTTP on."),
            Field("cpu", .text(.text), default: .literal(.string("100m")), "CPU request."),
            Field("memory", .text(.text), default: .literal(.string("128Mi")), "Memory request."),
            Field(
                "env", .dictionary(key: .environmentName, value: .text(.environmentValue)), default: .literal(.object([])),
                "Environment variables."),
        ])

    static let flags = ObjectType(
        "Flags",
        "The feature flags of the migration, and the flag system that serves them. glidepath writes the flag object (flagd, "
            + "configmap) or the provider's own API call (launchdarkly, unleash); any other system needs `setCommand`.",
        fields: [
            Field(
                "provider", .choice(FlagProvider.allCases.map(\.rawValue)), default: .literal(.string("flagd")),
                "Flag system: `flagd` (a `FeatureFlag` object of the OpenFeature Operator, generated beside the manifests), "
                    + "`configmap` (a ConfigMap of flags, generated), `launchdarkly` or `unleash` (their REST APIs, through curl), "
                    + "or `other` (the spec's `setCommand`)."),
            Field(
                "change", .choice(["gitops", "kubectl"]), default: .literal(.string("gitops")),
                "flagd and configmap: how the cutover changes a flag. `gitops`: edit `flags.state` in this spec and publish, "
                    + "then sync the flag object; `kubectl`: `kubectl patch` the live object (the Argo CD Application then ignores "
                    + "its flags, so a sync never undoes a change)."),
            Field(
                "state", .object(flagState), default: .literal(.object([])),
                "flagd and configmap: the value each flag has in the generated object. With `change: gitops`, the cutover "
                    + "steps edit these."),
            Field(
                "project", .text(.flagKey), example: "orders",
                "launchdarkly and unleash: the project that holds the flags."),
            Field(
                "environment", .text(.flagKey), example: "production",
                "launchdarkly and unleash: the environment whose flags the cutover changes."),
            Field(
                "url", .text(.url), example: "https://unleash.example.com",
                "launchdarkly: the API's base URL (default https://app.launchdarkly.com); unleash: the server's base URL."),
            Field(
                "tokenVariable", .text(.environmentName),
                default: .derived("LAUNCHDARKLY_ACCESS_TOKEN or UNLEASH_API_TOKEN"),
                "launchdarkly and unleash: the environment variable the commands read the API token from. The token itself "
                    + "never appears in a spec."),
            Field(
                "setCommand", .text(.command), example: "flipt flag update {flag} --enabled={value}",
                "provider `other`: the command that sets a flag. `{flag}` is the key, `{value}` `true` or `false`, "
                    + "`{percent}` the share of users it is on for (0 to 100), so a cohort can be expressed."),
            Field("dualWrite", .text(.flagKey), example: "orders.dual_write_v2", "Turns dual writes to the new store on."),
            Field(
                "dualWriteCohort", .percent(max: 100), default: .literal(.number(10)),
                "Share of users dual writes start with."),
            Field("readFlip", .text(.flagKey), example: "orders.read_from_v2", "Switches reads to the new store."),
            Field("killSwitch", .text(.flagKey), example: "orders.kill_switch", "Routes all users back to the old path."),
        ])

    static let flagState = ObjectType(
        "FlagState", "The flags' values in the generated flag object (flagd, configmap).",
        fields: [
            Field(
                "dualWrite", .choice(["off", "cohort", "on"]), default: .literal(.string("off")),
                "`cohort`: on for `dualWriteCohort` of users."),
            Field("readFlip", .choice(["off", "on"]), default: .literal(.string("off")), "Reads from the new store when on."),
            Field("killSwitch", .choice(["off", "on"]), default: .literal(.string("off")), "All users on the old path when on."),
        ])

    static let cutover = ObjectType(
        "Cutover", "The cutover hour and the clean-up after it.",
        fields: [
            Field("window", .text(.text), example: "2026-12-01 14:00 UTC", "When the cutover happens."),
            Field("freeze", .boolean, default: .literal(.bool(true)), "Freeze other changes and mute noisy alerts."),
            Field("darkLaunch", .boolean, default: .literal(.bool(true)), "Deploy the new stack at 0% first and warm caches."),
            Field(
                "soak", .duration, default: .literal(.string("48h")),
                "How long both paths run after 100% before the contract phase."),
            Field(
                "cleanupDeadline", .duration, default: .literal(.string("7d")),
                "When the clean-up (flags, old schema, old infrastructure) must be merged."),
            Field(
                "rollbackTarget", .duration, default: .literal(.string("3m")),
                "Target time from the start of a breach to traffic back on the stable version: seeing it (a scrape, the "
                    + "query window, the failed measurements) and the abort. `check` warns when the analysis settings cannot meet it."),
            Field(
                "cohortWatch", .duration, default: .literal(.string("30m")),
                "How long dual writes run for the cohort before everyone, watching the write error rate and parity."),
            Field(
                "successWatch", .duration, default: .literal(.string("30m")),
                "How long error budgets and business KPIs are watched at 100% before a person declares success."),
            Field(
                "rollbackCommands", .list(.text(.command), minItems: 0), default: .literal(.array([])),
                "Extra commands the on-call runs to roll back, beyond the traffic abort."),
        ])
}
