import Diagnostics
import JSON

extension Language {
    /// The rehearsal: a k6 load test from the traffic profile, the staging copy as an Argo CD
    /// Application, and a gate that runs the same test before or at the first step.
    enum Rehearsal {
        static let object = ObjectType(
            "Rehearsal",
            "Zero downtime happens because it was done yesterday in rehearsal: a k6 load test from `profile`, at the peak rate, "
                + "against the staging copy, with thresholds from the SLOs and the playbook's bar (staging p95 within 10% of "
                + "production's, errors under 0.1%); k6 exits 99 when one fails.",
            fields: [
                Field(
                    "target", .text(.url), default: .derived("`http://<traffic.mirror.host>`"),
                    example: "http://orders.orders-staging.svc.cluster.local", "Base URL of the staging copy the test sends to."),
                Field("duration", .duration, default: .literal(.string("5m")), "How long the peak rate is held."),
                Field(
                    "capacity", .number(min: 0, max: nil), example: "600",
                    "Requests per second the staging environment is sized for; `check` refuses a rehearsal rate above it."),
                Field(
                    "endpoints", .list(.object(endpoint), minItems: 1),
                    default: .derived("`GET /` and, with `profile.writeShare`, `POST /` in that share"),
                    "What the test requests, each with its share of the rate."),
                Field(
                    "gate", .choice(["before-rollout", "first-step", "none"]), default: .literal(.string("before-rollout")),
                    "Where the Rollout runs the same test as an analysis `job` metric, so a failed rehearsal stops the rollout: "
                        + "before the first weight, right after it, or not at all."),
                Field("image", .text(.image), default: .literal(.string("grafana/k6:1.1.0")), "The k6 image of the Jobs."),
                Field("application", .object(application), "The staging copy as an Argo CD Application."),
            ])

        static let endpoint = ObjectType(
            "RehearsalEndpoint", "One request of the load test.",
            fields: [
                Field(
                    "method", .choice(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]), default: .literal(.string("GET")), "HTTP method."),
                Field("path", .text(.text), required: true, example: "/orders/42", "Path and query, from the base URL."),
                Field("body", .text(.text), example: "{\"sku\": \"a-1\", \"qty\": 1}", "Request body (sent as JSON)."),
                Field("weight", .number(min: 0, max: nil), default: .literal(.int(1)), "Share of the rate, relative to the others."),
            ])

        static let application = ObjectType(
            "RehearsalApplication", "Where the staging copy's manifests live.",
            fields: [
                Field(
                    "repoURL", .text(.url), required: true, example: "https://git.example.com/orders.git",
                    "Repository of the staging manifests."),
                Field("path", .text(.text), required: true, example: "deploy/staging", "Folder of the manifests in it."),
                Field("revision", .text(.text), default: .literal(.string("HEAD")), "Branch, tag or commit."),
                Field("namespace", .text(.dnsLabel), required: true, example: "orders-staging", "Namespace of the staging copy."),
                Field("project", .text(.dnsLabel), default: .literal(.string("default")), "Argo CD project."),
            ])
    }
}
