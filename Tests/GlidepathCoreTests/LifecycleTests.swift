import Foundation
import GlidepathCore
import Plan
import Render
import TestSupport
import Testing

/// Each example played as a sequence of events on a real git repository that also holds
/// another migration: the first publish, the version change, an abort, the documented way
/// back, and the clean-up. After each event the test asserts what Argo CD would apply (the
/// Rollout in the repository, and Argo Rollouts' rule that a Rollout created new goes to 100%
/// at once while a changed one runs its steps) and the data flow (which version reads and
/// writes which store).
@Suite struct LifecycleTests: GitFixtureSuite {
    let fixture: GitFixture

    init() throws {
        fixture = try GitFixture()
    }

    /// What Argo Rollouts does when Argo CD applies the repository's Rollout: a Rollout that did
    /// not exist is created at 100% with no steps (argo-rollouts docs/features/canary.md, "the
    /// initial creation ... goes to 100%"); a changed template runs the canary steps; the same
    /// template changes nothing.
    enum Apply: Equatable {
        case createdAtFullWeight(runs: String)
        case canarySteps(to: String)
        case unchanged
    }

    static func apply(before: Rollout?, after: Rollout) -> Apply {
        guard let before else { return .createdAtFullWeight(runs: after.runs) }
        return before.template == after.template ? .unchanged : .canarySteps(to: after.runs)
    }

    /// The Rollout the repository holds: what its pods run (an image, a bridge, or an adopted
    /// Deployment) and its pod template as text.
    struct Rollout: Equatable {
        var runs: String
        var template: String

        init?(_ path: String) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            let lines = text.split(separator: "\n").map(String.init)
            if let reference = lines.firstIndex(of: "  workloadRef:") {
                runs = "Deployment " + (lines[(reference + 1)...].first { $0.hasPrefix("    name: ") }?.dropFirst(10).description ?? "")
            } else {
                runs = lines.first { $0.hasPrefix("        image: ") }.map { String($0.dropFirst(15)) } ?? ""
            }
            let start = lines.firstIndex(of: "  template:") ?? lines.firstIndex(of: "  workloadRef:") ?? 0
            let end = lines.firstIndex(of: "  strategy:") ?? lines.count
            template = lines[start..<max(start, end)].joined(separator: "\n")
        }
    }

    func folder(_ plan: CheckedPlan) -> String { "apps/\(plan.migration.service)/migrations/\(plan.names.migration)" }

    /// The paths a commit changed.
    func changedPaths(_ repo: String) throws -> [String] {
        try git(["diff", "--name-only", "HEAD~1", "HEAD"], in: repo).split(separator: "\n").map(String.init)
    }

    @Test(arguments: examples) func theMigrationHoldsTogetherFromFirstSyncToCleanUp(_ example: String) throws {
        let repo = try fixture.clone("work")
        // Another migration in the same repository, which nothing below may touch.
        let other = example == "minimal" ? "orders-shipping-zone" : "minimal"
        let otherSpec = try fixture.spec(from: other, name: "neighbour", service: "neighbour")
        try #require(try glidepath(["publish", otherSpec, "--repo", repo]).status == 0)
        let otherTree = try git(["rev-parse", "HEAD:apps/neighbour"], in: repo)

        let canaryPlan = try examplePlan(example)
        let baselinePlan = try checkedPlan(
            try String(contentsOfFile: try fixture.spec(from: example), encoding: .utf8), path: "examples/\(example).yaml")
        let rolloutPath = repo + "/" + folder(canaryPlan) + "/manifests/rollout.yaml"
        let introduces = canaryPlan.workload.changesVersionThroughCanary

        // 1. The first publish: a spec at its new version is refused; the baseline is not.
        if introduces {
            let canary = try fixture.spec(from: example, canary: true)
            let refused = try glidepath(["publish", canary, "--repo", repo])
            #expect(refused.status == 1, "\(example): a first publish at the new version skips the canary")
            #expect(refused.errors.contains("[check.first-publish-skips-canary]"), "\(refused.errors)")
            #expect(Rollout(rolloutPath) == nil, "nothing was written")
        }
        let spec = try fixture.spec(from: example)
        let first = try glidepath(["publish", spec, "--repo", repo])
        try #require(first.status == 0, "\(first.errors)")
        let baseline = try #require(Rollout(rolloutPath))
        let firstSync = Self.apply(before: nil, after: baseline)
        switch canaryPlan.workload.baseline {
        case .image(let from): #expect(firstSync == .createdAtFullWeight(runs: from), "the first sync runs what serves traffic now")
        case .legacy(let legacy):
            #expect(firstSync == .createdAtFullWeight(runs: legacy.bridgeImage), "the first sync runs the bridge")
            let manifests = repo + "/" + folder(canaryPlan) + "/manifests/"
            #expect(FileManager.default.fileExists(atPath: manifests + "service-entry.yaml"))
            let bridge = try String(contentsOfFile: manifests + "legacy-bridge.yaml", encoding: .utf8)
            #expect(bridge.contains("server \(legacy.host):\(legacy.port);"), "the bridge forwards to the legacy backend")
        case .deployment(let deployment):
            #expect(firstSync == .createdAtFullWeight(runs: "Deployment \(deployment)"), "the Rollout adopts the Deployment as it runs")
        case .none:
            Issue.record("\(example) names no earlier version")
        }
        let baselineEvent = try #require(baselinePlan.lifecycle.first)
        #expect(baselineEvent.kind == .baselineSynced)
        #expect(baselineEvent.flow.running == [.old] && baselineEvent.flow.reads[.old] == .old)

        // 2. The version change: a second, reviewable commit that changes only the template.
        let canarySpec = try fixture.spec(from: example, canary: true)
        #expect(canarySpec == spec)
        let change = try glidepath(["publish", canarySpec, "--repo", repo])
        try #require(change.status == 0, "\(change.errors)")
        let changed = try #require(Rollout(rolloutPath))
        if introduces {
            let image = try #require(canaryPlan.workload.template?.image)
            #expect(Self.apply(before: baseline, after: changed) == .canarySteps(to: image), "Argo Rollouts runs the steps")
            #expect(try changedPaths(repo).allSatisfy { $0.hasPrefix(folder(canaryPlan) + "/") || $0 == ".glidepath/lock.json" })
        } else {
            // The Rollout takes over a Deployment: the version changes in the Deployment's own
            // manifests, so the repository's Rollout stays as it is.
            #expect(Self.apply(before: baseline, after: changed) == .unchanged)
        }
        let versionChange = try #require(canaryPlan.lifecycle.first { $0.kind == .versionChange })
        #expect(versionChange.flow.running == [.old, .new])

        // 3. An abort at the first hold (or the first step): traffic back to stable, no commit.
        let head = try git(["rev-parse", "HEAD"], in: repo)
        for point in canaryPlan.wayBack {
            if case .weight = point.point {
                #expect(point.steps.first.map { if case .abort = $0 { true } else { false } } == true, "the abort first: seconds")
                #expect(point.flows.first?.running == [.old])
            }
            for flow in point.flows { #expect(flow.staleReads.isEmpty, "\(example) way back \(point.point): \(flow)") }
        }

        // 4. The documented way back: the spec back at its baseline, published. Only this
        // migration's files change, and the Rollout runs the old version again.
        let revertText = WayBackWording.revert(in: canaryPlan)
        #expect(!revertText.contains("git revert"), "a publish commit can carry other migrations")
        if introduces {
            #expect(revertText.contains("workload.stage: baseline"))
            let back = try glidepath(["publish", try fixture.spec(from: example), "--repo", repo])
            try #require(back.status == 0, "\(back.errors)")
            #expect(try git(["rev-parse", "HEAD~1"], in: repo) == head)
            #expect(Self.apply(before: changed, after: try #require(Rollout(rolloutPath))) == .canarySteps(to: baseline.runs))
            #expect(try #require(Rollout(rolloutPath)) == baseline)
            #expect(try changedPaths(repo).allSatisfy { $0.hasPrefix(folder(canaryPlan) + "/") || $0 == ".glidepath/lock.json" })
        } else {
            // No version exists in this spec to go back to: the text names where to find it.
            #expect(revertText.contains(canaryPlan.commands.get.shellText) || canaryPlan.workload.from != nil)
        }
        #expect(try git(["rev-parse", "HEAD:apps/neighbour"], in: repo) == otherTree, "the other migration is byte-identical")

        // 5. The clean-up: in data-flow order, dual writes never turned off on the way forward,
        // no version ever reading a store that not every write reaches, and the point of no
        // return on the step that has no way back.
        for event in canaryPlan.lifecycle {
            #expect(event.flow.staleReads.isEmpty, "\(example) after \(event.kind): \(event.flow)")
            #expect(event.kind != .flag(.dualWrite, .off), "\(example): dual writes off is only a way out")
        }
        let afterSoak = canaryPlan.lifecycle.drop { $0.kind != .soakEnd }.map(\.kind)
        let pointOfNoReturn = canaryPlan.lifecycle.filter(\.pointOfNoReturn).map(\.kind)
        switch example {
        case "orders-shipping-zone":
            #expect(
                afterSoak == [.soakEnd, .phase(.verify), .flagFreeRelease, .contract, .flagsRemoved],
                "verify, then the release that stops writing orders, then the contract")
            #expect(pointOfNoReturn == [.flagFreeRelease], "stopping writes to orders has no way back; dropping shipping_zone does")
            let release = try #require(canaryPlan.lifecycle.first { $0.kind == .flagFreeRelease })
            #expect(release.flow.writtenByAll == [.new] && release.flow.reads[.flagFree] == .new)
            #expect(canaryPlan.signOffPoint(.pointOfNoReturn) != nil)
            #expect(
                SignOffWording.what(.pointOfNoReturn, in: canaryPlan)
                    == "pass the point of no return (the release that stops writing orders)")
        case "monolith-to-kubernetes":
            #expect(afterSoak == [.soakEnd, .phase(.verify), .flagFreeRelease, .flagsRemoved])
            #expect(pointOfNoReturn.isEmpty, "an in-place fill keeps the old version runnable")
            #expect(canaryPlan.signOffPoint(.pointOfNoReturn) == nil)
        default:
            #expect(afterSoak == [.soakEnd])
            #expect(pointOfNoReturn.isEmpty)
        }
    }
}
