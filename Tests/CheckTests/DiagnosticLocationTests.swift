import Diagnostics
import Foundation
import GlidepathCore
import TestSupport
import Testing

/// One case per diagnostic: the fixture marks where it must point.
struct LocationCase: CustomTestStringConvertible, Sendable {
    var id: String
    var severity: Severity
    var fixture: String
    var hint: String?

    var testDescription: String { id }
}

let locationCases: [LocationCase] = [
    LocationCase(
        id: "spec.unknown-key", severity: .error,
        fixture: spec(
            body: deployment + """
                traffic:
                  mirror:
                    host: shadow.example.com
                    1️⃣precent: 10
                """), hint: "did you mean 'percent'?"),
    LocationCase(
        id: "spec.missing-key", severity: .error,
        fixture: """
            apiVersion: glidepath.dev/v1alpha1
            kind: Migration
            1️⃣metadata:
              name: orders-test
              service: orders
            \(deployment)
            """),
    LocationCase(
        id: "spec.type-mismatch", severity: .error,
        fixture: spec(
            body: deployment + """
                traffic:
                  steps:
                    - weight: 1️⃣"5"
                    - weight: 100
                """), hint: "the value is quoted, which makes it a string; remove the quotes"),
    LocationCase(
        id: "spec.out-of-range", severity: .error,
        fixture: spec(
            body: deployment + """
                traffic:
                  steps: [{weight: 1️⃣150}]
                """), hint: "allowed: 1 to 100"),
    LocationCase(
        id: "spec.invalid-duration", severity: .error,
        fixture: spec(
            body: deployment + """
                traffic:
                  steps:
                    - { weight: 10, pause: 1️⃣120 }
                    - { weight: 100 }
                """), hint: "write '120s' for seconds (units: ms, s, m, h, d)"),
    LocationCase(
        id: "spec.invalid-choice", severity: .error,
        fixture: spec(
            body: deployment + """
                traffic:
                  routing: 1️⃣hosts
                """), hint: "did you mean 'host'?"),
    LocationCase(
        id: "spec.invalid-name", severity: .error,
        fixture: """
            apiVersion: glidepath.dev/v1alpha1
            kind: Migration
            metadata:
              name: 1️⃣../../etc
              service: orders
              owners: [team]
            \(deployment)
            """),
    LocationCase(
        id: "spec.exclusive-keys", severity: .error,
        fixture: spec(
            body: """
                1️⃣workload:
                  deployment: orders
                  template: { image: registry.example.com/orders:2 }
                """)),
    LocationCase(
        id: "spec.too-few-items", severity: .error,
        fixture: spec(
            body: deployment + """
                traffic:
                  steps: 1️⃣[]
                """)),
    LocationCase(id: "spec.not-a-mapping", severity: .error, fixture: "1️⃣- apiVersion: glidepath.dev/v1alpha1\n"),
    LocationCase(
        id: "yaml.duplicate-key", severity: .error,
        fixture: spec(
            body: deployment + """
                traffic:
                  route: primary
                  1️⃣route: secondary
                """)),
    LocationCase(
        id: "check.weights-not-increasing", severity: .error,
        fixture: spec(
            body: deployment + """
                traffic:
                  steps:
                    - { weight: 20, pause: 5m, analysis: true }
                    - { weight: 1️⃣5, pause: 5m }
                    - { weight: 100 }
                """)),
    LocationCase(
        id: "check.last-weight-not-100", severity: .error,
        fixture: spec(
            body: deployment + """
                traffic:
                  steps:
                    - { weight: 10, pause: 5m, analysis: true }
                    - { weight: 1️⃣50, pause: 5m }
                """), hint: "end the steps with 'weight: 100'"),
    LocationCase(
        id: "check.hold-point-not-a-step", severity: .error,
        fixture: spec(
            body: deployment + """
                traffic:
                  holdPoints:
                    - at: 1️⃣30
                """), hint: "steps are at 1%, 5%, 20%, 50%, 100%"),
    LocationCase(
        id: "check.no-gate-before-half", severity: .warning,
        fixture: spec(
            body: deployment + """
                traffic:
                  steps:
                    - { weight: 10, pause: 5m }
                    - { weight: 1️⃣50, pause: 5m, analysis: true }
                    - { weight: 100 }
                """)),
    LocationCase(
        id: "check.pause-shorter-than-window", severity: .warning,
        fixture: spec(
            body: deployment + """
                traffic:
                  steps:
                    - { weight: 10, pause: 1️⃣30s, analysis: true }
                    - { weight: 100 }
                """)),
    LocationCase(
        id: "check.step-without-wait", severity: .warning,
        fixture: spec(
            body: deployment + """
                traffic:
                  steps:
                    - { weight: 5, pause: 5m, analysis: true }
                    - { weight: 1️⃣10 }
                    - { weight: 100 }
                """)),
    LocationCase(
        id: "check.gate-looser-than-slo", severity: .error,
        fixture: spec(
            body: deployment + """
                slo:
                  errorRate: { max: 0.3% }
                traffic:
                  analysis: { maxErrorRate: 1️⃣1% }
                """)),
    LocationCase(
        id: "check.low-statistical-power", severity: .warning,
        fixture: spec(
            body: deployment + """
                profile: { peakRPS: 20 }
                traffic:
                  steps:
                    - { weight: 1️⃣1, pause: 2m, analysis: true }
                    - { weight: 100 }
                """),
        hint:
            "the gate cannot tell a healthy canary from a broken one at this weight; lengthen 'traffic.analysis.window' to 28m or gate from 28% on"
    ),
    LocationCase(
        id: "check.mirrored-writes", severity: .error,
        fixture: spec(
            body: deployment + """
                flags: { dualWrite: orders.dual_write_v2 }
                traffic:
                  mirror:
                    host: 1️⃣orders.staging.svc.cluster.local
                """)),
    LocationCase(
        id: "check.canary-label-mismatch", severity: .error,
        fixture: spec(
            body: deployment + """
                prometheus:
                  canaryLabel: 1️⃣service
                traffic:
                  routing: subset
                """)),
    LocationCase(
        id: "check.unknown-analysis-arg", severity: .error,
        fixture: spec(
            body: deployment + """
                prometheus:
                  metrics:
                    - name: saturation
                      query: |
                        sum(rate(cpu_seconds_total{pod=~"{{args.canary}}.*"}[5m]))
                        / sum(cpu_limits{pod=~"1️⃣{{args.canary-pod}}.*"})
                      successCondition: result[0] < 0.8
                """), hint: "the Rollout passes 'args.canary', 'args.stable', 'args.namespace'; any other argument fails the analysis run"),
    LocationCase(
        id: "check.argo-placeholder", severity: .error,
        fixture: spec(
            body: deployment + """
                prometheus:
                  metrics:
                    - name: saturation
                      query: |
                        sum(rate(cpu_seconds_total{pod=~"{{args.canary}}.*"}[5m]))
                        / sum(cpu_limits{team="1️⃣{{ workflow.name }}"})
                      successCondition: result[0] < 0.8
                """),
        hint:
            "Argo Rollouts replaces every '{{...}}' in a metric and fails the analysis run on any other; only '{{args.canary}}', '{{args.stable}}' and '{{args.namespace}}' are passed"
    ),
    LocationCase(
        id: "check.argo-placeholder", severity: .error,
        fixture: spec(
            body: deployment + """
                prometheus:
                  labels:
                    cluster: "eu-1️⃣{{x}}"
                """),
        hint: "Argo Rollouts substitutes '{{...}}' anywhere in a metric and fails the analysis run when it cannot; remove the braces"),
    LocationCase(
        id: "check.argo-placeholder", severity: .error,
        fixture: spec(
            body: deployment + """
                prometheus:
                  metrics:
                    - name: saturation
                      query: max(cpu{pod=~"{{args.canary}}.*"})
                      successCondition: "result[0] < 1️⃣{{args.limit}}"
                """)),
    LocationCase(
        id: "check.condition-syntax", severity: .error,
        fixture: spec(
            body: deployment + """
                prometheus:
                  metrics:
                    - name: saturation
                      query: max(cpu{pod=~"{{args.canary}}.*"})
                      successCondition: result[0] < 0.8) || (true
                """
        ).replacingOccurrences(of: "0.8)", with: "0.81️⃣)"),
        hint: "glidepath puts a no-data guard in front of the condition, which needs balanced brackets and no comment"),
    LocationCase(
        id: "check.condition-unguarded", severity: .warning,
        fixture: spec(
            body: deployment + """
                prometheus:
                  metrics:
                    - name: saturation
                      query: scalar(max(cpu{pod=~"{{args.canary}}.*"}))
                      successCondition: 1️⃣result < 0.8
                """)),
    LocationCase(
        id: "spec.invalid-text", severity: .error,
        fixture: spec(
            body: deployment + """
                prometheus:
                  labels:
                    1️⃣'job="x"} or vector(1)': x
                """), hint: "a Prometheus label name has letters, digits and '_', not starting with a digit"),
    LocationCase(
        id: "spec.invalid-text", severity: .error,
        fixture: spec(
            metadata: """
                  links:
                    ticket: 1️⃣https://bot:ghp_token@tracker.example.com/ORD-1
                """, body: deployment),
        hint:
            "a URL has an http:// or https:// scheme, no credentials before the host, and URL characters only (no spaces, quotes or angle brackets: percent-encode them)"
    ),
    LocationCase(
        id: "check.metric-ignores-canary", severity: .warning,
        fixture: spec(
            body: deployment + """
                prometheus:
                  metrics:
                    - name: 1️⃣queue-depth
                      query: max(queue_depth)
                      successCondition: result[0] < 100
                """)),
    LocationCase(
        id: "check.outlier-ejects-only-canary", severity: .warning,
        fixture: spec(
            body: deployment + """
                traffic:
                  1️⃣outlierDetection: { minHealthPercent: 0 }
                """)),
    LocationCase(
        id: "check.retries-hide-errors", severity: .warning,
        fixture: spec(
            body: deployment + """
                traffic:
                  retries: { attempts: 3, retryOn: 1️⃣"5xx,reset" }
                """)),
    LocationCase(
        id: "check.no-rollback-command", severity: .warning,
        fixture: spec(
            body: deployment + """
                1️⃣flags:
                  readFlip: orders.read_from_v2
                """)),
    LocationCase(
        id: "check.slow-rollback", severity: .warning,
        fixture: spec(
            body: deployment + """
                traffic:
                  analysis: { interval: 5m, failureLimit: 3 }
                cutover:
                  rollbackTarget: 1️⃣1m
                """)),
    LocationCase(
        id: "check.derived-name-too-long", severity: .error,
        fixture: """
            apiVersion: glidepath.dev/v1alpha1
            kind: Migration
            metadata:
              name: long
              service: 1️⃣a123456789b123456789c123456789d123456789e123456789f1234567
              owners: [team]
            \(deployment)
            """),
    LocationCase(
        id: "check.same-service-both-sides", severity: .error,
        fixture: spec(
            body: deployment + """
                traffic:
                  stableService: orders
                  canaryService: 1️⃣orders
                """)),
]

@Suite struct DiagnosticLocationTests {
    @Test(arguments: locationCases + dataLocationCases + lifecycleLocationCases)
    func diagnosticPointsAtTheMarkedSpot(_ testCase: LocationCase) throws {
        let fixture = Marked(testCase.fixture)
        let expected = try #require(fixture.location, "fixture has no marker")
        let checked = Glidepath.check(bytes: Array(fixture.text.utf8), path: "spec.yaml")
        let matching = checked.diagnostics.all.filter { $0.id == testCase.id }
        let found = try #require(matching.first, "no \(testCase.id) among \(checked.diagnostics.all.map(\.id))")
        #expect(found.severity == testCase.severity)
        #expect(found.range?.start == expected, "\(testCase.id) at \(String(describing: found.range?.start))")
        #expect(found.range?.path == "spec.yaml")
        if let hint = testCase.hint {
            #expect(found.notes.map(\.message).contains(hint), "notes: \(found.notes.map(\.message))")
        }
    }

    @Test func everyProblemIsReportedInOneRun() {
        let text = spec(
            body: deployment + """
                traffic:
                  routing: hosts
                  stepz: []
                  mirror: { host: Bad_Host, percent: 200 }
                """)
        let ids = Glidepath.check(bytes: Array(text.utf8), path: "s.yaml").diagnostics.all.map(\.id)
        #expect(ids.sorted() == ["spec.invalid-choice", "spec.invalid-text", "spec.out-of-range", "spec.unknown-key"])
    }

    @Test func theExamplesAreClean() throws {
        for example in examples {
            let path = packageRoot + "/examples/\(example).yaml"
            let bytes = try [UInt8](contentsOf: path)
            let checked = Glidepath.check(bytes: bytes, path: path)
            #expect(checked.diagnostics.all.isEmpty, "\(example): \(checked.diagnostics.all.map(\.message))")
            #expect(checked.plan != nil)
        }
    }
}
