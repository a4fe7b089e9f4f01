import Files
import Plan
import YAML

/// Istio's `VirtualService` (the route Argo Rollouts manages, mirroring, timeout, retries) and
/// `DestinationRule`(s) (connection pool, outlier detection, and subsets with subset routing).
struct IstioRenderer {
    let context: ManifestContext
    var routing: RoutingPlan { context.plan.routing }
    var names: Names { context.names }
    static let apiVersion = "networking.istio.io/v1"

    func virtualService() throws(RenderError) -> Artifact {
        var routes: [YAMLValue] = []
        if let mirrored = names.mirroredRoute, let methods = routing.mirror?.methods {
            let match = YAMLValue.list([.map([("method", .map([("regex", .string(methods.joined(separator: "|")))]))])])
            routes.append(route(mirrored, match: match, mirror: true))
        }
        routes.append(route(names.route, match: nil, mirror: names.mirroredRoute == nil))
        let body = YAMLValue.map([
            ("hosts", .list(names.hosts.map(YAMLValue.string))),
            ("gateways", routing.gateways.isEmpty ? nil : .list(routing.gateways.map(YAMLValue.string))),
            ("http", .list(routes)),
        ])
        let document = context.object(apiVersion: Self.apiVersion, kind: "VirtualService", name: names.virtualService, spec: body)
        return try context.file("manifests/\(Names.File.virtualService)", kind: "VirtualService", documents: [document])
    }

    /// Weights start at 100/0; Argo Rollouts rewrites them as the rollout moves.
    private func route(_ name: String, match: YAMLValue?, mirror withMirror: Bool) -> YAMLValue {
        let port = YAMLValue.map([("number", .int(routing.port))])
        func destination(host: String, subset: String?, weight: Int) -> YAMLValue {
            .map([
                ("destination", .map([("host", .string(host)), ("subset", subset.map(YAMLValue.string)), ("port", port)])),
                ("weight", .int(weight)),
            ])
        }
        let subset = routing.mode == .subset
        let mirror = withMirror ? routing.mirror : nil
        return .map([
            ("name", .string(name)),
            ("match", match),
            (
                "route",
                .list([
                    destination(host: names.stableService, subset: subset ? names.stableSubset : nil, weight: 100),
                    destination(host: names.canaryService, subset: subset ? names.canarySubset : nil, weight: 0),
                ])
            ),
            (
                "mirror",
                mirror.map { m in
                    .map([("host", .string(m.host)), ("port", m.port.map { .map([("number", .int($0))]) })])
                }
            ),
            ("mirrorPercentage", mirror.map { .map([("value", .number($0.percent))]) }),
            ("timeout", routing.timeout.map { .string($0.goDuration) }),
            (
                "retries",
                routing.retries.map { r in
                    .map([
                        ("attempts", .int(r.attempts)),
                        ("perTryTimeout", r.perTryTimeout.map { .string($0.goDuration) }),
                        ("retryOn", .string(r.retryOn)),
                    ])
                }
            ),
        ])
    }

    func destinationRules() throws(RenderError) -> Artifact {
        let subset = routing.mode == .subset
        let documents = names.destinationRules.map { rule in
            let subsets: YAMLValue? =
                subset
                ? .list(
                    [names.stableSubset, names.canarySubset].map { name in
                        .map([("name", .string(name)), ("labels", context.selectorLabels)])
                    }) : nil
            let body = YAMLValue.map([("host", .string(rule.host)), ("trafficPolicy", trafficPolicy), ("subsets", subsets)])
            return context.object(apiVersion: Self.apiVersion, kind: "DestinationRule", name: rule.name, spec: body)
        }
        return try context.file("manifests/\(Names.File.destinationRule)", kind: "DestinationRule", documents: documents)
    }

    private var trafficPolicy: YAMLValue {
        let pool = routing.connectionPool
        let outlier = routing.outlierDetection
        return .map([
            (
                "connectionPool",
                .map([
                    (
                        "tcp",
                        .map([
                            ("maxConnections", .int(pool.maxConnections)),
                            ("connectTimeout", pool.connectTimeout.map { .string($0.goDuration) }),
                        ])
                    ),
                    (
                        "http",
                        .map([
                            ("http1MaxPendingRequests", .int(pool.http1MaxPendingRequests)),
                            ("http2MaxRequests", pool.http2MaxRequests.map(YAMLValue.int)),
                            ("maxRequestsPerConnection", .int(pool.maxRequestsPerConnection)),
                        ])
                    ),
                ])
            ),
            (
                "outlierDetection",
                .map([
                    ("consecutive5xxErrors", .int(outlier.consecutive5xxErrors)),
                    ("interval", .string(outlier.interval.goDuration)),
                    ("baseEjectionTime", .string(outlier.baseEjectionTime.goDuration)),
                    ("maxEjectionPercent", .int(outlier.maxEjectionPercent)),
                    ("minHealthPercent", .int(outlier.minHealthPercent)),
                ])
            ),
        ])
    }
}
