import Foundation
import GlidepathCore
import TestSupport
import Testing

/// The bridge the baseline Rollout runs in front of a legacy backend, run by nginx itself: the
/// generated configuration passes `nginx -t`, and requests sent to it reach the backend with
/// their method, path, query, body and Host header, so the canary steps really split traffic
/// between the legacy backend and the new version.
@Suite(.serialized) struct LegacyBridgeTests {
    static let helpers = packageRoot + "/Tests/GlidepathCoreTests/Legacy"

    static func nginx() throws -> String {
        for path in ["/usr/sbin/nginx", "/usr/bin/nginx"] where FileManager.default.isExecutableFile(atPath: path) { return path }
        throw HarnessError("nginx is missing: run scripts/setup-tests.sh (Debian package nginx)")
    }

    /// A port the kernel has just handed out on the loopback and released.
    static func freePort() throws -> Int {
        let script = "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()"
        let result = try run("/usr/bin/env", ["python3", "-c", script])
        guard let port = Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw HarnessError("no free port: \(result.errors)")
        }
        return port
    }

    @Test func theBridgeForwardsEveryRequestToTheLegacyBackend() throws {
        let nginx = try Self.nginx()
        let folder = try temporaryDirectory("bridge")
        defer { try? FileManager.default.removeItem(at: folder) }
        let portFile = folder.appendingPathComponent("backend-port").path
        let log = folder.appendingPathComponent("backend.log").path
        let backend = Process()
        backend.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        backend.arguments = ["python3", Self.helpers + "/echo_backend.py", portFile, log]
        try backend.run()
        defer {
            kill(backend.processIdentifier, SIGKILL)
            backend.waitUntilExit()
        }
        var backendPort: Int?
        for _ in 0..<100 where backendPort == nil {
            Thread.sleep(forTimeInterval: 0.05)
            backendPort = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) }
        }
        let legacyPort = try #require(backendPort, "the legacy backend did not start")
        let bridgePort = try Self.freePort()

        // The monolith example at its baseline, its legacy backend on this loopback.
        var text = try String(contentsOfFile: packageRoot + "/examples/monolith-to-kubernetes.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "  stage: canary\n", with: "  stage: baseline\n")
            .replacingOccurrences(
                of: "    host: storefront.legacy.example.com\n    port: 8080\n", with: "    host: 127.0.0.1\n    port: \(legacyPort)\n"
            )
            .replacingOccurrences(of: "    port: 8080\n    env:", with: "    port: \(bridgePort)\n    env:")
        let plan = try checkedPlan(text, path: "bridge.yaml")
        let artifacts = try Glidepath.render(plan)
        let configMap = try #require(artifacts.first { $0.path == "manifests/legacy-bridge.yaml" })
        let rollout = try #require(artifacts.first { $0.path == "manifests/rollout.yaml" }).contents
        #expect(rollout.contains("image: nginx:1.27-alpine") && rollout.contains("mountPath: /etc/nginx/nginx.conf"))
        let manifest = folder.appendingPathComponent("legacy-bridge.yaml").path
        try configMap.contents.write(toFile: manifest, atomically: true, encoding: .utf8)
        let conf = folder.appendingPathComponent("nginx.conf").path
        let extract = try run(
            "/usr/bin/env",
            [
                "python3", "-c", "import sys, yaml; open(sys.argv[2], 'w').write(yaml.safe_load(open(sys.argv[1]))['data']['nginx.conf'])",
                manifest, conf,
            ])
        try #require(extract.status == 0, "\(extract.errors)")

        // Only the pid file moves, to the test's folder: the configuration runs as generated.
        let prefix = folder.appendingPathComponent("prefix")
        try FileManager.default.createDirectory(at: prefix, withIntermediateDirectories: true)
        let global = "pid \(prefix.path)/nginx.pid;"
        let syntax = try run(nginx, ["-t", "-e", "stderr", "-p", prefix.path, "-c", conf, "-g", global])
        #expect(syntax.status == 0, "\(syntax.errors)")

        let server = Process()
        server.executableURL = URL(fileURLWithPath: nginx)
        server.arguments = ["-e", "stderr", "-p", prefix.path, "-c", conf, "-g", global + " daemon off;"]
        try server.run()
        defer {
            kill(server.processIdentifier, SIGQUIT)
            server.waitUntilExit()
        }
        let base = "http://127.0.0.1:\(bridgePort)"
        var healthy = false
        for _ in 0..<100 where !healthy {
            Thread.sleep(forTimeInterval: 0.05)
            healthy = (try? run("/usr/bin/curl", ["-fsS", base + "/glidepath-bridge-healthz"]))?.output == "ok\n"
        }
        try #require(healthy, "the bridge did not answer")

        let get = try run("/usr/bin/curl", ["-fsS", "-H", "Host: shop.example.com", base + "/cart/42?currency=EUR"])
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(get.output.utf8)) as? [String: Any?], "\(get.errors)")
        #expect(seen["method"] as? String == "GET")
        #expect(seen["path"] as? String == "/cart/42?currency=EUR")
        #expect(seen["host"] as? String == "shop.example.com", "the client's Host reaches the legacy backend")
        #expect(seen["forwardedFor"] as? String == "127.0.0.1")
        let post = try run("/usr/bin/curl", ["-fsS", "-X", "POST", "--data", "item=7", base + "/cart"])
        let posted = try #require(try JSONSerialization.jsonObject(with: Data(post.output.utf8)) as? [String: Any?])
        #expect(posted["method"] as? String == "POST" && posted["body"] as? String == "item=7")
        let logged = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(logged.count == 2, "every request reached the backend once: \(logged)")
    }
}
