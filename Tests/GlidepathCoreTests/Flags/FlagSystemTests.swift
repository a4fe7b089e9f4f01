import Foundation
import GlidepathCore
import Plan
import TestSupport
import Testing

/// Every flag change the runbook shows, made the way the runbook says, against the real tool:
/// kubectl applies each patch to the generated object offline, the result must still pass the
/// upstream schemas, and flagd's own engine must then serve the flag to the share of users the
/// step intends; LaunchDarkly and Unleash calls run through curl against a loopback recorder.
@Suite(.serialized) struct FlagSystemTests {
    static let flagdSchemas = URL(fileURLWithPath: sharedTools).deletingLastPathComponent().appendingPathComponent("schemas/flagd").path
    static let helpers = packageRoot + "/Tests/GlidepathCoreTests/Flags"
    static let subjects = 4000

    /// How many of `subjects` users flagd serves `true` (or the ConfigMap's share of them).
    func servedOn(_ manifest: String, _ key: String) throws -> Int {
        let judged = try run(
            "/usr/bin/env", ["python3", Self.helpers + "/flagd_judge.py", Self.flagdSchemas, manifest, key, "\(Self.subjects)"])
        try #require(
            judged.status == 0,
            "flagd's schema or engine refused \(manifest) (run scripts/setup-tests.sh for the flagd provider):\n\(judged.errors.suffix(1500))"
        )
        return try #require(Int(judged.output.trimmingCharacters(in: .whitespacesAndNewlines)), "\(judged.output)")
    }

    /// The users a value should reach, with the tolerance a hash split of `subjects` allows.
    func expect(_ served: Int, _ value: FlagPlan.Value, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let wanted = Double(Self.subjects) * value.percent / 100
        let tolerance = value == .on || value == .off ? 0 : Double(Self.subjects) * 0.025
        #expect(
            abs(Double(served) - wanted) <= tolerance, "\(context): \(served) of \(Self.subjects) users, wanted \(wanted)",
            sourceLocation: sourceLocation)
    }

    /// `kubectl patch RESOURCE NAME -n NS --type merge -p PATCH`, applied offline to `file`.
    func patchLocally(_ command: Command, file: String, object: FlagPlan.FlagObject) throws -> String {
        guard case .argv(let words) = command else {
            Issue.record("a kubectl change must be an argument list: \(command.shellText)")
            return ""
        }
        let resource = object.kind == .featureFlag ? "featureflags.core.openfeature.dev" : "configmap"
        try #require(Array(words.prefix(6)) == ["kubectl", "patch", resource, object.name, "-n", object.namespace], "\(words)")
        let kubeconfig = try temporaryDirectory("kubeconfig").appendingPathComponent("config").path
        _ = FileManager.default.createFile(atPath: kubeconfig, contents: Data())
        let patched = try run(
            "/usr/bin/env", ["kubectl", "patch", "--local", "-f", file, "-o", "yaml"] + words.dropFirst(6),
            environment: ["KUBECONFIG": kubeconfig])
        try #require(patched.status == 0, "kubectl refused \(command.shellText):\n\(patched.errors)")
        return patched.output
    }

    func compile(_ yaml: String, into folder: URL) throws -> CheckedPlan {
        let plan = try checkedPlan(yaml, path: "spec.yaml")
        for artifact in try Glidepath.render(plan) {
            let url = folder.appendingPathComponent(artifact.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(artifact.contents.utf8).write(to: url)
        }
        return plan
    }

    func validate(_ file: URL) throws {
        let folder = try temporaryDirectory("validate")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: file, to: folder.appendingPathComponent("flags.yaml"))
        let validated = try run(sharedTools + "/validate-manifests", ["--schema-only", folder.path])
        try #require(validated.status != 2, "validate-manifests cannot run: \(validated.errors)")
        #expect(validated.status == 0, "\(validated.output)")
    }

    static func exampleText(_ name: String) throws -> String {
        String(decoding: try readBytes(packageRoot + "/examples/\(name).yaml"), as: UTF8.self)
    }

    // MARK: flagd and ConfigMap objects

    @Test func flagdPatchesFromTheRunbookServeEachStepsShare() throws {
        let folder = try temporaryDirectory("flagd-kubectl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = try compile(try Self.exampleText("orders-shipping-zone"), into: folder)
        let flags = try #require(plan.flags)
        let object = try #require(flags.object)
        try #require(flags.system == .object(object, change: .kubectl))
        var current = folder.appendingPathComponent("manifests/flags.yaml")
        try validate(current)
        for flag in flags.flags { expect(try servedOn(current.path, flag.key), .off, "\(flag.key) as generated") }

        // The cutover's order: dual writes to the cohort, to everyone, reads flip, then the way
        // back: kill switch, reads back, dual writes off.
        let steps: [(FlagPlan.Role, FlagPlan.Value)] = [
            (.dualWrite, .cohort(percent: flags.dualWriteCohort)), (.dualWrite, .on), (.readFlip, .on),
            (.killSwitch, .on), (.readFlip, .off), (.dualWrite, .off),
        ]
        for (index, (role, value)) in steps.enumerated() {
            let change = try #require(flags.change(role, to: value), "no change of \(role) to \(value)")
            #expect(change.commands.count == 1)
            let next = folder.appendingPathComponent("step-\(index).yaml")
            try Data(try patchLocally(change.commands[0], file: current.path, object: object).utf8).write(to: next)
            try validate(next)
            expect(try servedOn(next.path, change.flag), value, "after \(change.commands[0].shellText)")
            current = next
        }
    }

    @Test func flagdGitOpsEditsOfTheSpecServeEachStepsShare() throws {
        let folder = try temporaryDirectory("flagd-gitops")
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try Self.exampleText("orders-shipping-zone").replacingOccurrences(of: "  change: kubectl\n", with: "  change: gitops\n")
        let plan = try compile(text, into: folder)
        let flags = try #require(plan.flags)
        let object = try #require(flags.object)
        for value in [FlagPlan.Value.cohort(percent: flags.dualWriteCohort), .on, .off] {
            let change = try #require(flags.change(.dualWrite, to: value))
            guard case .specEdit(let field, let newValue, let sync) = change.method else {
                Issue.record("a GitOps change must be a spec edit: \(change.method)")
                continue
            }
            #expect(field == "flags.state.dualWrite")
            #expect(
                sync
                    == .argv([
                        "argocd", "app", "sync", plan.names.migration, "--resource", "core.openfeature.dev:FeatureFlag:\(object.name)",
                    ]))
            // The edit as a person makes it, then the publish's render.
            let edited = text.replacingOccurrences(
                of: "  change: gitops\n", with: "  change: gitops\n  state: { dualWrite: \(newValue) }\n")
            let out = folder.appendingPathComponent("edit-\(newValue)")
            _ = try compile(edited, into: out)
            let manifest = out.appendingPathComponent("manifests/flags.yaml")
            try validate(manifest)
            expect(try servedOn(manifest.path, change.flag), value, "after setting \(field): \(newValue)")
            // The migration's own Application is publish's; the rehearsal's staging Application is not it.
            let application = try Glidepath.render(plan).contains {
                $0.path.hasSuffix("application.yaml") && !$0.path.hasPrefix("rehearsal/")
            }
            #expect(!application, "compile writes no Application for the migration")
        }
    }

    @Test func configMapPatchesSetEachFlagsShare() throws {
        let folder = try temporaryDirectory("configmap-kubectl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try Self.exampleText("monolith-to-kubernetes").replacingOccurrences(
            of: "  provider: configmap\n", with: "  provider: configmap\n  change: kubectl\n")
        let plan = try compile(text, into: folder)
        let flags = try #require(plan.flags)
        let object = try #require(flags.object)
        let generated = folder.appendingPathComponent("manifests/flags.yaml")
        try validate(generated)
        for value in [FlagPlan.Value.cohort(percent: flags.dualWriteCohort), .on, .off] {
            let change = try #require(flags.change(.dualWrite, to: value))
            let next = folder.appendingPathComponent("patched.yaml")
            try Data(try patchLocally(change.commands[0], file: generated.path, object: object).utf8).write(to: next)
            try validate(next)
            expect(try servedOn(next.path, change.flag), value, "after \(change.commands[0].shellText)")
        }
    }

    // MARK: LaunchDarkly and Unleash

    final class Recorder {
        let folder: URL
        let process = Process()
        let port: Int

        init() throws {
            folder = try temporaryDirectory("recorder")
            let portFile = folder.appendingPathComponent("port").path
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", FlagSystemTests.helpers + "/record_requests.py", portFile, folder.appendingPathComponent("log").path,
            ]
            try process.run()
            var port: Int?
            for _ in 0..<100 where port == nil {
                Thread.sleep(forTimeInterval: 0.05)
                port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) }
            }
            guard let port else {
                kill(process.processIdentifier, SIGKILL)
                throw HarnessError("the request recorder did not start")
            }
            self.port = port
        }

        var requests: [[String: Any]] {
            let text = (try? String(contentsOf: folder.appendingPathComponent("log"), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }

        /// SIGKILL: the test runner blocks SIGTERM, and its children inherit the mask.
        func stop() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    func spec(provider: String, url: String) throws -> String {
        try Self.exampleText("orders-shipping-zone").replacingOccurrences(
            of: "  provider: flagd\n  change: kubectl\n",
            with: "  provider: \(provider)\n  url: \(url)\n  project: orders\n  environment: production\n")
    }

    /// Runs what the runbook shows, one command after the other in one shell (as a person
    /// pastes them into one terminal), stopping at the first failure, with the token in the
    /// environment only.
    func runAsShown(_ change: FlagChange, token: String, secret: String) throws {
        for command in change.commands {
            #expect(!command.shellText.contains(secret), "the token must never be written into a command")
        }
        let script = "set -e\n" + change.commands.map(\.shellText).joined(separator: "\n")
        let shell = try run("/bin/sh", ["-c", script], environment: [token: secret])
        #expect(shell.status == 0, "\(script): \(shell.errors)")
    }

    @Test func launchDarklyCallsAreJSONPatchesOfTheEnvironment() throws {
        let recorder = try Recorder()
        defer { recorder.stop() }
        let plan = try checkedPlan(try spec(provider: "launchdarkly", url: "http://127.0.0.1:\(recorder.port)"))
        let flags = try #require(plan.flags)
        let values: [FlagPlan.Value] = [.cohort(percent: 10), .on, .off]
        for value in values {
            try runAsShown(try #require(flags.change(.dualWrite, to: value)), token: "LAUNCHDARKLY_ACCESS_TOKEN", secret: "api-secret-1")
        }
        let requests = recorder.requests
        try #require(requests.count == values.count, "\(requests)")
        for (request, value) in zip(requests, values) {
            #expect(request["method"] as? String == "PATCH")
            #expect(request["path"] as? String == "/api/v2/flags/orders/orders.dual_write_v2")
            #expect(request["authorization"] as? String == "api-secret-1")
            #expect(request["contentType"] as? String == "application/json")
            let patch = try #require(
                try JSONSerialization.jsonObject(with: Data((request["body"] as? String ?? "").utf8)) as? [[String: Any]])
            let on = patch.first { $0["path"] as? String == "/environments/production/on" }
            #expect(on?["op"] as? String == "replace")
            #expect(on?["value"] as? Bool == (value != .off))
            let defaultRule = patch.first { $0["path"] as? String == "/environments/production/fallthrough" }?["value"] as? [String: Any]
            switch value {
            case .off: #expect(defaultRule == nil)
            case .on: #expect(defaultRule?["variation"] as? Int == 0)
            case .cohort:
                let variations = (defaultRule?["rollout"] as? [String: Any])?["variations"] as? [[String: Int]] ?? []
                #expect(variations.map { $0["weight"] ?? 0 }.reduce(0, +) == 100_000)
                #expect(variations.first { $0["variation"] == 0 }?["weight"] == 10_000)
            }
        }
    }

    /// The one strategy per flag is replaced, never added to: after 10%, everyone, off and a
    /// retry at 10%, the flag is on for 10% of users, not for the earlier strategy's 100%.
    @Test func unleashCallsReplaceTheOneStrategyAndToggleTheEnvironment() throws {
        let recorder = try Recorder()
        defer { recorder.stop() }
        let plan = try checkedPlan(try spec(provider: "unleash", url: "http://127.0.0.1:\(recorder.port)/"))
        let flags = try #require(plan.flags)
        let setup = FlagChange(flag: "setup", role: .dualWrite, value: .off, method: .commands(flags.setup))
        try runAsShown(setup, token: "UNLEASH_API_TOKEN", secret: "unleash-secret")
        for value in [FlagPlan.Value.cohort(percent: 10), .on, .off, .cohort(percent: 10)] {
            try runAsShown(try #require(flags.change(.dualWrite, to: value)), token: "UNLEASH_API_TOKEN", secret: "unleash-secret")
        }
        let requests = recorder.requests
        #expect(requests.allSatisfy { $0["authorization"] as? String == "unleash-secret" })
        let base = "/api/admin/projects/orders/features/orders.dual_write_v2/environments/production"
        let setOnce = ["GET " + base + "/strategies", "PUT " + base + "/strategies/strategy-1", "POST " + base + "/on"]
        let features = ["orders.dual_write_v2", "orders.read_from_v2", "orders.kill_switch"]
        let created = features.map { "POST /api/admin/projects/orders/features/\($0)/environments/production/strategies" }
        #expect(
            requests.map { "\($0["method"] as? String ?? "") \($0["path"] as? String ?? "")" }
                == created + setOnce + setOnce + ["POST " + base + "/off"] + setOnce)
        let state = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try run("/usr/bin/curl", ["-fsS", "http://127.0.0.1:\(recorder.port)/state"]).output.utf8))
                as? [String: [[String: Any]]])
        let strategies = state[base + "/strategies"] ?? []
        #expect(strategies.count == 1, "one strategy per flag, replaced in place: \(strategies)")
        #expect(strategies.first?["title"] as? String == "glidepath")
        #expect((strategies.first?["parameters"] as? [String: String])?["rollout"] == "10", "a retry at 10% is 10%, not 100%")
        #expect(!requests.contains { $0["method"] as? String == "PUT" && ($0["path"] as? String ?? "").hasSuffix("/strategies/") })
    }

    // MARK: No invented commands

    @Test func aFlagSystemWithoutKnownCallsNeedsTheSpecsCommand() throws {
        let text = try Self.exampleText("orders-shipping-zone")
        let missing = Glidepath.check(
            bytes: Array(text.replacingOccurrences(of: "  provider: flagd\n  change: kubectl\n", with: "  provider: other\n").utf8),
            path: "spec.yaml")
        #expect(missing.plan == nil)
        #expect(missing.diagnostics.all.contains { $0.id == "check.flags-command-missing" && $0.range?.start.line != nil })

        let unused = Glidepath.check(
            bytes: Array(
                text.replacingOccurrences(of: "  change: kubectl\n", with: "  change: kubectl\n  setCommand: \"x {flag} {value}\"\n").utf8),
            path: "spec.yaml")
        #expect(unused.diagnostics.all.contains { $0.id == "check.flags-command-unused" })

        let openFeature = Glidepath.check(
            bytes: Array(text.replacingOccurrences(of: "  provider: flagd\n", with: "  provider: openfeature\n").utf8), path: "spec.yaml")
        #expect(openFeature.plan == nil, "OpenFeature is an SDK standard, not a command")
    }

    /// Every command any runbook of the examples and test specs shows starts with a program
    /// glidepath knows the syntax of, or is the spec's own text.
    @Test func noRunbookShowsAnInventedCommand() throws {
        var specs = examples.map { packageRoot + "/examples/\($0).yaml" }
        specs += ["every-operation/spec.yaml", "gates/low-traffic.yaml", "gates/subset-routing.yaml", "gates/custom-metrics.yaml"]
            .map { packageRoot + "/Tests/GlidepathCoreTests/Fixtures/" + $0 }
        let known: Set<String> = ["kubectl", "argocd", "psql", "curl"]
        for path in specs {
            let text = String(decoding: try readBytes(path), as: UTF8.self)
            let checked = Glidepath.check(bytes: Array(text.utf8), path: path)
            let plan = try #require(checked.plan, "\(path): \(checked.diagnostics.all.map(\.message))")
            let html = try #require(try Glidepath.render(plan).first { $0.path == "runbook.html" }).contents
            #expect(!html.contains("openfeature set"), "\(path)")
            let commands = html.matches(of: /<pre><code>([^<]*)<\/code><\/pre>/).map { Self.unescape(String($0.1)) }
            #expect(!commands.isEmpty)
            for command in commands where !plan.cutover.rollbackCommands.contains(where: { $0.shellText == command }) {
                let program = String(command.prefix { $0 != " " })
                // Queries shown for the Prometheus console are PromQL, not commands.
                if command.contains("{") && !known.contains(program) { continue }
                #expect(known.contains(program), "\(path): a command no tool runs: \(command)")
            }
        }
    }

    static func unescape(_ html: String) -> String {
        html.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
