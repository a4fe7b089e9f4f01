import Diagnostics
import JSON

extension Language {
    /// The traffic section: the largest part of the language, so it has a file of its own.
    enum Traffic {
        /// The playbook's canary: 1% -> 5% -> 20% -> 50% -> 100%, gated by analysis.
        static let playbookSteps: JSONValue = .array([
            step(1, pause: "2m", analysis: true),
            step(5, pause: "3m", analysis: true),
            step(20, pause: "5m", analysis: true),
            step(50, pause: "10m", analysis: true),
            .object([("weight", .int(100))]),
        ])

        private static func step(_ weight: Int, pause: String, analysis: Bool) -> JSONValue {
            .object([("weight", .int(weight)), ("pause", .string(pause)), ("analysis", .bool(analysis))])
        }

        static let object = ObjectType(
            "Traffic", "How traffic moves from the stable version to the canary.",
            fields: [
                Field(
                    "routing", .choice(["host", "subset"]), default: .literal(.string("host")),
                    "`host`: stable and canary are two Services. `subset`: one Service, split by DestinationRule subsets."),
                Field(
                    "stableService", .text(.serviceName), default: .derived("`<service>-stable`"),
                    "Service that selects the stable pods (host routing)."),
                Field(
                    "canaryService", .text(.serviceName), default: .derived("`<service>-canary`"),
                    "Service that selects the canary pods (host routing)."),
                Field(
                    "hosts", .list(.text(.hostname), minItems: 1), default: .derived("`[<service>]`"),
                    "Hosts the VirtualService answers for."),
                Field(
                    "gateways", .list(.text(.text), minItems: 0), default: .literal(.array([])),
                    "Istio gateways; empty means in-mesh traffic only."),
                Field(
                    "port", .integer(min: 1, max: 65535), default: .literal(.int(80)),
                    "Service port the routes send to."),
                Field(
                    "targetPort", .integer(min: 1, max: 65535), default: .derived("`workload.template.port`, or `port`"),
                    "Container port the generated Services forward to."),
                Field(
                    "route", .text(.dnsLabel), default: .literal(.string("primary")),
                    "Name of the VirtualService HTTP route Argo Rollouts manages."),
                Field(
                    "steps", .list(.object(step), minItems: 1), default: .literal(playbookSteps),
                    "Canary steps in order; weights strictly increase and end at 100."),
                Field(
                    "holdPoints", .list(.object(holdPoint), minItems: 0), default: .literal(.array([])),
                    "Manual holds: the rollout pauses after the step until someone promotes it."),
                Field(
                    "analysis", .object(analysis), default: .literal(.object([])),
                    "How analysis gates measure the canary."),
                Field("mirror", .object(mirror), "Shadow traffic to another host."),
                Field(
                    "connectionPool", .object(connectionPool), default: .literal(.object([])),
                    "Circuit breaker: connection limits."),
                Field(
                    "outlierDetection", .object(outlierDetection), default: .literal(.object([])),
                    "Circuit breaker: ejection of failing pods."),
                Field("timeout", .duration, example: "3s", "Timeout of the route."),
                Field("retries", .object(retries), "Retries of the route."),
            ])

        static let step = ObjectType(
            "Step", "One canary step: set the weight, then wait and/or analyse.",
            fields: [
                Field(
                    "weight", .integer(min: 1, max: 100), required: true, example: "5",
                    "Percentage of traffic sent to the canary."),
                Field("pause", .duration, example: "3m", "Time to wait at this weight before the analysis."),
                Field(
                    "analysis", .boolean, default: .literal(.bool(false)),
                    "Run the SLO analysis after the pause; the rollout moves on only if it passes."),
            ])

        static let holdPoint = ObjectType(
            "HoldPoint", "A manual hold after a step, with its sign-off.",
            fields: [
                Field(
                    "at", .integer(min: 1, max: 100), required: true, example: "50",
                    "Weight of the step to hold after; must be one of the steps."),
                Field(
                    "signOff", .list(.text(.text), minItems: 0), default: .literal(.array([])),
                    example: "[on-call SRE, orders lead]", "Who signs off before promotion."),
                Field("note", .text(.markdown), "What to check during the hold."),
                Field(
                    "expected", .duration, default: .literal(.string("10m")),
                    "How long the hold is planned to take, for the schedule; the rollout waits for the sign-off however long it takes."),
            ])

        static let analysis = ObjectType(
            "Analysis", "Measurement settings of the analysis gates.",
            fields: [
                Field("interval", .duration, default: .literal(.string("30s")), "Time between measurements."),
                Field("count", .integer(min: 1, max: 1000), default: .literal(.int(3)), "Measurements per analysis run."),
                Field(
                    "failureLimit", .integer(min: 0, max: 1000), default: .literal(.int(1)),
                    "Failed measurements tolerated; one more aborts the rollout."),
                Field(
                    "window", .duration, default: .literal(.string("1m")),
                    "Range of the PromQL `rate()` windows: at least 1s, and at least two scrape intervals to see two samples."),
                Field(
                    "background", .boolean, default: .literal(.bool(true)),
                    "Also analyse continuously from the first step, so a breach during a pause is caught too."),
                Field(
                    "maxErrorRate", .percent(max: 100), default: .derived("`slo.errorRate.max`"),
                    "5xx threshold of the gate; no looser than the SLO."),
                Field(
                    "maxP95", .duration, default: .derived("`slo.latency.p95.max`"),
                    "p95 threshold of the gate; no looser than the SLO."),
            ])

        static let mirror = ObjectType(
            "Mirror", "Shadow traffic: a copy of requests sent to another host, responses discarded.",
            fields: [
                Field(
                    "host", .text(.hostname), required: true, example: "orders.staging.svc.cluster.local",
                    "Host that receives the copies."),
                Field("port", .integer(min: 1, max: 65535), "Port of the mirror host."),
                Field(
                    "percent", .percent(max: 100), default: .literal(.number(10)), example: "10%",
                    "Share of requests mirrored now."),
                Field(
                    "growth", .list(.percent(max: 100), minItems: 0), default: .literal(.array([])),
                    example: "[10%, 50%, 100%]", "Planned mirroring stages, increasing, for the runbook."),
                Field(
                    "methods", .list(.choice(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]), minItems: 1),
                    default: .derived("all methods"), "Only mirror requests with these HTTP methods."),
                Field(
                    "idempotent", .boolean, default: .literal(.bool(false)),
                    "The mirror target tolerates repeated writes (idempotency keys), so mirroring writes is safe."),
            ])

        static let connectionPool = ObjectType(
            "ConnectionPool", "Connection limits per pod (Istio connectionPool).",
            fields: [
                Field("maxConnections", .integer(min: 1, max: 1_000_000), default: .literal(.int(1000)), "Maximum TCP connections."),
                Field(
                    "http1MaxPendingRequests", .integer(min: 1, max: 1_000_000), default: .literal(.int(1000)),
                    "Maximum queued requests."),
                Field(
                    "maxRequestsPerConnection", .integer(min: 1, max: 1_000_000), default: .literal(.int(100)),
                    "Requests per connection before it is recycled."),
                Field("http2MaxRequests", .integer(min: 1, max: 1_000_000), "Maximum concurrent HTTP/2 requests."),
                Field("connectTimeout", .duration, "TCP connect timeout."),
            ])

        static let outlierDetection = ObjectType(
            "OutlierDetection", "Ejection of failing pods (Istio outlierDetection).",
            fields: [
                Field(
                    "consecutive5xxErrors", .integer(min: 1, max: 1_000_000), default: .literal(.int(5)),
                    "Consecutive 5xx responses that eject a pod."),
                Field("interval", .duration, default: .literal(.string("5s")), "Time between ejection sweeps."),
                Field("baseEjectionTime", .duration, default: .literal(.string("30s")), "Minimum ejection time."),
                Field(
                    "maxEjectionPercent", .integer(min: 1, max: 100), default: .literal(.int(10)),
                    "Largest share of pods that may be ejected (Envoy still ejects at least one)."),
                Field(
                    "minHealthPercent", .integer(min: 0, max: 100), default: .literal(.int(50)),
                    "Ejection stops while fewer than this share of pods are healthy, so a lone canary pod is never ejected and its errors stay visible to the analysis."
                ),
            ])

        static let retries = ObjectType(
            "Retries", "Route retries.",
            fields: [
                Field("attempts", .integer(min: 0, max: 100), required: true, example: "2", "Retries per request."),
                Field("perTryTimeout", .duration, example: "1s", "Timeout of each attempt."),
                Field(
                    "retryOn", .text(.text), default: .literal(.string("connect-failure,refused-stream,reset")),
                    "Envoy retry conditions, comma-separated."),
            ])
    }
}
