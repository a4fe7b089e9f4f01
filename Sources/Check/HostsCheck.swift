import Diagnostics
import Spec

/// Host names as Istio reads them. A VirtualService host with no dot is a short name, resolved
/// in the rule's namespace; any host with a dot is a fully qualified name, so
/// `orders.svc.cluster.local` names no Service at all (the canary would get no traffic and every
/// gate would be inconclusive). A cluster host is `NAME.NAMESPACE.svc.cluster.local`; any
/// other dotted host is outside the mesh and is served only through a gateway.
enum HostsCheck: Check {
    static let clusterSuffix = ".svc.cluster.local"

    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics) {
        let spec = context.spec
        let namespace = spec.metadata.namespace.value
        let throughGateway = spec.traffic.gateways.contains { $0 != "mesh" }
        for host in spec.traffic.hosts ?? [] {
            if let problem = problem(host.value, namespace: namespace) {
                diagnostics.append(CheckMessages.hostNotAService(host, problem: problem))
            } else if host.value.contains("."), !host.value.hasSuffix(clusterSuffix), !throughGateway {
                diagnostics.append(CheckMessages.externalHostWithoutGateway(host))
            }
        }
        if let mirror = spec.traffic.mirror, let problem = problem(mirror.host.value, namespace: namespace) {
            diagnostics.append(CheckMessages.hostNotAService(mirror.host, problem: problem))
        }
    }

    /// Why a cluster host names no Service, with the names that would; nil when it is fine.
    static func problem(_ host: String, namespace: String) -> (why: String, fixes: [String])? {
        let labels = host.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let name = labels.first ?? host
        let clusterLike =
            host.hasSuffix(clusterSuffix) || host.hasSuffix(".svc") || host.hasSuffix(".cluster.local")
            || (labels.count == 2 && labels[1] == namespace)
        guard clusterLike else { return nil }
        if host.hasSuffix(clusterSuffix), labels.count == 5 { return nil }
        let ns = labels.count >= 2 && labels[1] != "svc" ? labels[1] : namespace
        return (
            "Istio reads a host with a dot as a fully qualified name, and '\(host)' is not NAME.NAMESPACE.svc.cluster.local",
            ["'\(name)' (the short name, in namespace \(namespace))", "'\(name).\(ns)\(clusterSuffix)'"]
        )
    }
}
