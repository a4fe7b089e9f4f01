import Foundation
import GlidepathCore
import Plan
import Render
import TestSupport
import Testing

/// `data.runner: cluster`: the folder builds with kustomize and passes the upstream schemas;
/// the order of the phases is the one the plan says, read back from the generated objects
/// (expand alone as Argo CD's PreSync hook, the rollout's analysis steps where the plan
/// schedules backfill and verify, the way back as suspended CronJobs); the expand hook runs
/// once per content; and the contract's Job goes out only with the point-of-no-return
/// sign-off. The Jobs' commands run against PostgreSQL in DataPlanOnPostgresTests.
@Suite struct ClusterRunnerTests {
    static func spec(runContract: Bool = false) throws -> String {
        try DataPlanOnPostgresTests.clusterSpec("orders-shipping-zone", runContract: runContract)
    }

    func manifestsFolder(_ plan: CheckedPlan) throws -> URL {
        let folder = try temporaryDirectory("cluster-manifests")
        let manifests = folder.appendingPathComponent("manifests")
        try FileManager.default.createDirectory(at: manifests, withIntermediateDirectories: true)
        for artifact in try Glidepath.generate(plan) where artifact.path.hasPrefix("manifests/") {
            try artifact.contents.write(
                to: manifests.appendingPathComponent(String(artifact.path.dropFirst(10))), atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test func theFolderBuildsPassesTheSchemasAndKeepsThePlansOrder() throws {
        let plan = try checkedPlan(try Self.spec(runContract: true), path: "orders.yaml")
        let folder = try manifestsFolder(plan)
        defer { try? FileManager.default.removeItem(at: folder) }
        let built = try run("/usr/bin/env", ["kubectl", "kustomize", folder.appendingPathComponent("manifests").path])
        #expect(built.status == 0, "\(built.errors)")
        let validated = try run(sharedTools + "/validate-manifests", [folder.path])
        try #require(validated.status != 2, "validate-manifests cannot run: \(validated.errors)")
        #expect(validated.status == 0, "\(validated.output)")

        // The order, from the objects kustomize would hand Argo CD.
        let script = """
            import json, sys, yaml
            docs = [d for d in yaml.safe_load_all(sys.stdin) if d]
            hooks = sorted(d['metadata']['name'] for d in docs if d.get('metadata', {}).get('annotations', {}).get('argocd.argoproj.io/hook'))
            rollout = next(d for d in docs if d['kind'] == 'Rollout')
            steps = []
            for step in rollout['spec']['strategy']['canary']['steps']:
                if 'setWeight' in step: steps.append('weight %d' % step['setWeight'])
                elif 'analysis' in step: steps.append('analysis ' + step['analysis']['templates'][0]['templateName'])
                elif 'pause' in step: steps.append('hold' if not step['pause'] else 'pause')
            crons = sorted((d['metadata']['name'], d['spec']['suspend']) for d in docs if d['kind'] == 'CronJob')
            jobs = {d['metadata']['name']: (d['spec']['backoffLimit'], d['spec']['template']['spec']['restartPolicy'], d['spec']['template']['spec']['securityContext']['runAsNonRoot']) for d in docs if d['kind'] == 'Job'}
            start = rollout['spec']['strategy']['canary']['analysis']['startingStep']
            print(json.dumps({'hooks': hooks, 'steps': steps, 'crons': crons, 'jobs': jobs, 'watchStart': start}))
            """
        try built.output.write(to: folder.appendingPathComponent("built.yaml"), atomically: true, encoding: .utf8)
        let read = try run("/bin/sh", ["-c", "python3 -c \"$0\" < \"$1\"", script, folder.appendingPathComponent("built.yaml").path])
        try #require(read.status == 0, "\(read.errors)")
        let facts = try #require(try JSONSerialization.jsonObject(with: Data(read.output.utf8)) as? [String: Any])
        let hooks = facts["hooks"] as? [String] ?? []
        #expect(hooks.count == 1 && hooks[0].hasPrefix("orders-shipping-zone-expand-"), "expand alone is the PreSync hook: \(hooks)")
        #expect(
            facts["steps"] as? [String] == [
                "analysis orders-rehearsal", "analysis orders-data-backfill", "analysis orders-data-verify",
                "weight 2", "pause", "analysis orders-slo",
                "weight 5", "pause", "analysis orders-slo", "hold",
                "weight 20", "pause", "analysis orders-slo", "hold",
                "weight 50", "pause", "analysis orders-slo", "analysis orders-data-verify", "hold",
                "weight 100",
            ], "rehearsal, backfill and verify before the first weight; verify again before reads flip at 50%, before that hold")
        #expect(facts["watchStart"] as? Int == 4, "the background watch starts right after the first weight")
        let crons = (facts["crons"] as? [[Any]] ?? []).map { "\($0[0]) \($0[1])" }
        #expect(
            crons == [
                "orders-shipping-zone-reconcile 1", "orders-shipping-zone-rehearsal 1", "orders-shipping-zone-rollback-expand 1",
                "orders-shipping-zone-verify 1",
            ], "the repair, the rehearsal, the way back and an on-demand verify wait suspended: \(crons)")
        let jobs = facts["jobs"] as? [String: [Any]] ?? [:]
        #expect(jobs["orders-shipping-zone-contract"]?.first as? Int == 0, "the contract is never retried: \(jobs)")

        // Where the plan schedules them, every phase says who runs it, the same in the runbook.
        let data = try #require(plan.data)
        let order = plan.schedule.compactMap { work -> String? in
            if case .phase(let phase) = work.action { "\(phase.kind.rawValue) \(phase.execution)" } else { nil }
        }
        #expect(order.first?.hasPrefix("expand preSyncHook") == true, "\(order)")
        let runbook = try #require(try Glidepath.render(plan).first { $0.path == RunbookRenderer.page }).contents
        for phase in data.phases {
            #expect(runbook.contains("Run by: " + Self.escaped(DataPhaseWording.runBy(phase, in: plan))), "\(phase.kind)")
        }
        #expect(runbook.contains("kubectl create job --from=cronjob/orders-shipping-zone-rollback-expand"))
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    /// The hook's name carries its file's digest: the same expand keeps its name (Argo CD does
    /// not create a named hook twice), a changed one gets a new name and runs.
    @Test func theExpandHookRunsOncePerContent() throws {
        func hookName(_ text: String) throws -> String {
            let artifacts = try Glidepath.generate(try checkedPlan(text, path: "orders.yaml"))
            let jobs = try #require(artifacts.first { $0.path == "manifests/data-jobs.yaml" }).contents
            let line = try #require(jobs.split(separator: "\n").first { $0.contains("name: orders-shipping-zone-expand-") })
            return String(line.split(separator: " ").last ?? "")
        }
        let text = try Self.spec()
        #expect(try hookName(text) == hookName(text))
        let edited = text.replacingOccurrences(
            of: "    - { name: qty, type: integer, nullable: false }\n", with: "    - { name: qty, type: bigint, nullable: false }\n")
        try #require(edited != text)
        #expect(try hookName(edited) != hookName(text))
    }

    /// `runContract` needs no person at the database, and no surprise: publish refuses it until
    /// every owner has signed off the point of no return for the files it publishes.
    @Test func theContractsJobIsPublishedOnlyAfterTheSignOff() throws {
        let fixture = try GitFixture()
        let repo = try fixture.clone("work")
        let binary = try glidepathBinary()
        let specPath = fixture.folder.appendingPathComponent("orders.yaml").path
        try (try Self.spec()).replacingOccurrences(of: "  stage: canary\n", with: "  stage: baseline\n")
            .write(toFile: specPath, atomically: true, encoding: .utf8)
        for text in [nil, try Self.spec()] {
            if let text { try text.write(toFile: specPath, atomically: true, encoding: .utf8) }
            let published = try run(binary, ["publish", specPath, "--repo", repo])
            try #require(published.status == 0, "\(published.errors)")
        }

        try (try Self.spec(runContract: true)).write(toFile: specPath, atomically: true, encoding: .utf8)
        let refused = try run(binary, ["publish", specPath, "--repo", repo])
        #expect(refused.status == 1, "\(refused.output)")
        #expect(refused.errors.contains("the point of no return is not approved for these files"), "\(refused.errors)")
        let contractJob = repo + "/apps/orders/migrations/orders-shipping-zone/manifests/contract-job.yaml"
        #expect(try String(contentsOfFile: contractJob, encoding: .utf8).contains("  suspend: true\n"), "synced, suspended")

        // The owners approve the files published now; the Job is outside that digest.
        try (try Self.spec()).write(toFile: specPath, atomically: true, encoding: .utf8)
        for role in ["team-orders", "sre-oncall"] {
            let signed = try run(
                binary, ["sign-off", specPath, "--repo", repo, "--at", "point-of-no-return", "--role", role, "--as", role])
            try #require(signed.status == 0, "\(signed.errors)")
        }
        try (try Self.spec(runContract: true)).write(toFile: specPath, atomically: true, encoding: .utf8)
        let gate = try run(binary, ["check-repo", specPath, "--repo", repo, "--require-sign-off", "point-of-no-return"])
        #expect(!gate.errors.contains("missing sign-off"), "the approval still applies: \(gate.errors)")
        let published = try run(binary, ["publish", specPath, "--repo", repo])
        #expect(published.status == 0, "\(published.errors)")
        #expect(!(try String(contentsOfFile: contractJob, encoding: .utf8)).contains("suspend:"), "released")
        #expect(
            try git(["diff", "--name-only", "HEAD~1", "HEAD"], in: repo).split(separator: "\n").contains {
                $0.hasSuffix("manifests/contract-job.yaml")
            })
    }
}
