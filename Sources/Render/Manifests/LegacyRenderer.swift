import Files
import Plan
import YAML

/// The old version outside Kubernetes, made routable: a ServiceEntry for its backend (so the
/// mesh, with an outbound policy of registered hosts only, lets the bridge reach it), and the
/// bridge's nginx configuration, which the baseline Rollout mounts. Both stay through the
/// canary stage: an abort sends traffic back to the bridge's pods.
struct LegacyRenderer {
    let context: ManifestContext
    var names: Names { context.names }

    static let configKey = "nginx.conf"
    static let mountPath = "/etc/nginx/nginx.conf"
    static let volume = "bridge-config"

    func render() throws(RenderError) -> [Artifact] {
        guard let legacy = context.plan.workload.legacy else { return [] }
        let entry = context.object(
            apiVersion: IstioRenderer.apiVersion, kind: "ServiceEntry", name: names.serviceEntry,
            spec: .map([
                ("hosts", .list([.string(legacy.host)])),
                ("location", .string("MESH_EXTERNAL")),
                ("ports", .list([.map([("number", .int(legacy.port)), ("name", .string("http")), ("protocol", .string("HTTP"))])])),
                ("resolution", .string("DNS")),
            ]))
        let bridge = YAMLValue.map([
            ("apiVersion", .string("v1")), ("kind", .string("ConfigMap")), ("metadata", context.metadata(names.legacyBridge)),
            (
                "data",
                .map([(Self.configKey, .string(Self.bridgeConfig(legacy, listen: context.plan.workload.template?.port ?? 8080).text))])
            ),
        ])
        return [
            try context.file("manifests/\(Names.File.serviceEntry)", kind: "ServiceEntry", documents: [entry]),
            try context.file("manifests/\(Names.File.legacyBridge)", kind: "ConfigMap", documents: [bridge]),
        ]
    }

    /// nginx forwarding every request to the legacy backend with the client's Host, over
    /// keep-alive connections; `/glidepath-bridge-healthz` answers for the bridge itself.
    static func bridgeConfig(_ legacy: WorkloadPlan.LegacyBackend, listen: Int) -> NginxConfig {
        typealias N = NginxConfig.Node
        let proxy: [N] = [
            .directive("proxy_pass", [.literal("http://legacy")]),
            .directive("proxy_http_version", [.literal("1.1")]),
            .directive("proxy_set_header", [.literal("Connection"), .literal("")]),
            .directive("proxy_set_header", [.literal("Host"), .variables("$host")]),
            .directive("proxy_set_header", [.literal("X-Forwarded-For"), .variables("$proxy_add_x_forwarded_for")]),
            .directive("proxy_set_header", [.literal("X-Forwarded-Proto"), .variables("$scheme")]),
        ]
        return NginxConfig(nodes: [
            .directive("worker_processes", [.literal("1")]),
            .directive("error_log", [.literal("/dev/stderr"), .literal("warn")]),
            .block("events", [], [.directive("worker_connections", [.literal("1024")])]),
            .block(
                "http", [],
                [
                    .directive("access_log", [.literal("off")]),
                    .block(
                        "upstream", [.literal("legacy")],
                        [
                            .directive("server", [.literal("\(legacy.host):\(legacy.port)")]),
                            .directive("keepalive", [.literal("32")]),
                        ]),
                    .block(
                        "server", [],
                        [
                            .directive("listen", [.literal(String(listen))]),
                            .block(
                                "location", [.literal("="), .literal("/glidepath-bridge-healthz")],
                                [.directive("return", [.literal("200"), .literal("ok\n")])]),
                            .block("location", [.literal("/")], proxy),
                        ]),
                ]),
        ])
    }
}
