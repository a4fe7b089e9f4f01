import Diagnostics

/// The checks of the migration as a sequence of events: hosts Istio can route, windows
/// Prometheus parses, a first sync that cannot skip the canary, a way back that names a
/// version, and what a person must know before the cutover.
let template = """
    workload:
      template: { image: registry.example.com/orders:1.4.2 }

    """

let lifecycleLocationCases: [LocationCase] = [
    LocationCase(
        id: "check.host-not-a-service", severity: .error,
        fixture: spec(
            body: deployment + """
                traffic:
                  hosts: [1️⃣orders.svc.cluster.local]
                """),
        hint: "use 'orders' (the short name, in namespace default) or 'orders.default.svc.cluster.local'"),
    LocationCase(
        id: "check.host-not-a-service", severity: .error,
        fixture: spec(
            metadata: "  namespace: prod",
            body: deployment + """
                traffic:
                  hosts: [1️⃣orders.prod]
                """),
        hint: "use 'orders' (the short name, in namespace prod) or 'orders.prod.svc.cluster.local'"),
    LocationCase(
        id: "check.external-host-without-gateway", severity: .error,
        fixture: spec(
            body: deployment + """
                traffic:
                  hosts: [orders, 1️⃣shop.example.com]
                """)),
    LocationCase(
        id: "check.window-too-short", severity: .error,
        fixture: spec(
            body: deployment + """
                traffic:
                  analysis: { window: 1️⃣0ms }
                """)),
    LocationCase(
        id: "check.window-under-two-scrapes", severity: .warning,
        fixture: spec(
            body: deployment + """
                traffic:
                  analysis: { window: 1️⃣45s }
                """), hint: "use a window of at least 1m"),
    LocationCase(
        id: "check.slow-rollback", severity: .warning,
        fixture: spec(
            body: deployment + """
                cutover:
                  rollbackTarget: 1️⃣2m
                """)),
    LocationCase(
        id: "check.unmeasured-objective", severity: .warning,
        fixture: spec(
            body: deployment + """
                slo:
                  availability: 1️⃣99.95%
                """)),
    LocationCase(
        id: "check.critical-without-holds", severity: .warning,
        fixture: spec(metadata: "  critical: 1️⃣true", body: deployment)),
    LocationCase(
        id: "check.from-not-an-image", severity: .error,
        fixture: spec(
            body: template + """
                  from: 1️⃣"monolith 1.9 (bare metal)"
                """)),
    LocationCase(
        id: "check.no-earlier-version", severity: .warning,
        fixture: spec(
            body: """
                workload:
                  replicas: 1️⃣3
                  template: { image: registry.example.com/orders:1.4.2 }
                """)),
    LocationCase(
        id: "check.stage-with-deployment", severity: .error,
        fixture: spec(
            body: deployment + """
                  stage: 1️⃣baseline
                """)),
    LocationCase(
        id: "check.baseline-without-from", severity: .error,
        fixture: spec(
            body: template + """
                  stage: 1️⃣baseline
                """)),
    LocationCase(
        id: "check.legacy-without-template", severity: .error,
        fixture: spec(
            body: deployment + """
                  1️⃣legacy: { host: shop.legacy.example.com }
                """)),
    LocationCase(
        id: "check.increase-over-bridge", severity: .warning,
        fixture: spec(
            body: template + """
                  from: monolith 1.9
                  legacy: { host: shop.legacy.example.com, port: 8080 }
                slo:
                  latency:
                    p95: { max: 300ms, maxIncrease: 1️⃣15% }
                """)),
    LocationCase(
        id: "check.flagd-cohort-not-whole", severity: .error,
        fixture: spec(
            body: deployment + """
                flags:
                  dualWrite: orders.dual_write_v2
                  killSwitch: orders.kill_switch
                  dualWriteCohort: 1️⃣12.5%
                """)),
    LocationCase(
        id: "check.move-to-itself", severity: .error,
        fixture: spec(
            body: deployment + """
                data:
                  move:
                    tables: [{ table: orders }]
                    source: { variable: APP_URL }
                    target: { variable: 1️⃣APP_URL }
                """)),
    LocationCase(
        id: "check.move-with-expand-contract", severity: .error,
        fixture: spec(
            body: deployment + """
                data:
                  expand:
                    - addColumn: { table: orders, column: zone, type: text }
                  1️⃣move:
                    tables: [{ table: orders }]
                    source: { variable: APP_URL }
                    target: { variable: ORDERS_URL }
                """)),
    LocationCase(
        id: "check.table-moved-twice", severity: .error,
        fixture: spec(
            body: deployment + """
                data:
                  move:
                    tables: [{ table: orders }, { table: 1️⃣public.orders }]
                    source: { variable: APP_URL }
                    target: { variable: ORDERS_URL }
                """)),
    LocationCase(
        id: "check.move-in-cluster", severity: .error,
        fixture: spec(
            body: deployment + """
                data:
                  runner: 1️⃣cluster
                  connection: { secret: app-db }
                  move:
                    tables: [{ table: orders }]
                    source: { variable: APP_URL }
                    target: { variable: ORDERS_URL }
                """)),
    LocationCase(
        id: "spec.missing-key", severity: .error,
        fixture: spec(
            body: deployment + """
                data:
                  1️⃣move:
                    tables: [{ table: orders }]
                    source: { variable: APP_URL }
                """)),
    LocationCase(
        id: "check.rehearsal-without-peak", severity: .error,
        fixture: spec(
            body: deployment + """
                1️⃣rehearsal:
                  target: http://orders.staging.svc.cluster.local
                """)),
    LocationCase(
        id: "check.rehearsal-over-capacity", severity: .error,
        fixture: spec(
            body: deployment + """
                profile: { peakRPS: 900, p95: 100ms }
                rehearsal:
                  target: http://orders.staging.svc.cluster.local
                  capacity: 1️⃣500
                """)),
    LocationCase(
        id: "check.rehearsal-without-target", severity: .error,
        fixture: spec(
            body: deployment + """
                profile: { peakRPS: 90, p95: 100ms }
                1️⃣rehearsal:
                  duration: 1m
                """)),
    LocationCase(
        id: "check.rehearsal-without-latency-bar", severity: .warning,
        fixture: spec(
            body: deployment + """
                profile: { peakRPS: 90 }
                1️⃣rehearsal:
                  target: http://orders.staging.svc.cluster.local
                """)),
]
