import Foundation
import TestSupport
import Testing

/// `glidepath publish --push` against a bare repository: plain pushes, a remote that moved
/// since the last fetch, and publishers of different migrations racing on one remote.
@Suite struct PublishPushTests: GitFixtureSuite {
    let fixture: GitFixture

    init() throws {
        fixture = try GitFixture()
    }

    @Test func pushLandsAndTheLocalBranchFollows() throws {
        let repo = try fixture.clone("ci")
        let spec = try fixture.spec(from: "minimal")
        let result = try run(binary, ["publish", spec, "--repo", repo, "--push"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("pushed to origin"))
        let remoteTip = try git(["--git-dir", fixture.remote, "rev-parse", "main"], in: fixture.folder.path)
        #expect(try git(["rev-parse", "HEAD"], in: repo) == remoteTip)
        #expect(try git(["status", "--porcelain"], in: repo).isEmpty)
        let again = try run(binary, ["publish", spec, "--repo", repo, "--push"])
        #expect(again.output.hasPrefix("nothing to publish"))
    }

    @Test func aRemoteThatMovedIsFetchedAndThePublishRebuiltOnTop() throws {
        let first = try fixture.clone("first")
        let second = try fixture.clone("second")
        let orders = try fixture.spec(from: "orders-shipping-zone")
        let payments = try fixture.spec(from: "minimal")
        #expect(try run(binary, ["publish", orders, "--repo", first, "--push"]).status == 0)
        // `second` has not fetched: its first push is rejected, then rebuilt on the new tip.
        let result = try run(binary, ["publish", payments, "--repo", second, "--push"])
        #expect(result.status == 0, "\(result.errors)")
        let lock = try git(["--git-dir", fixture.remote, "show", "main:.glidepath/lock.json"], in: fixture.folder.path)
        #expect(lock.contains("\"orders-shipping-zone\": {") && lock.contains("\"payments-api-v2\": {"))
        #expect(
            try git(["rev-parse", "HEAD"], in: second)
                == (try git(["--git-dir", fixture.remote, "rev-parse", "main"], in: fixture.folder.path)))
        #expect(try git(["status", "--porcelain"], in: second).isEmpty)
    }

    /// Killed after the push, before the local branch followed: the commit is on the remote,
    /// and the next publish has nothing to do but bring the local branch along.
    @Test func killedAfterThePushTheNextRunCatchesUp() throws {
        let repo = try fixture.clone("ci")
        let spec = try fixture.spec(from: "minimal")
        let before = try git(["rev-parse", "HEAD"], in: repo)
        let killed = try run(binary, ["publish", spec, "--repo", repo, "--push"], environment: ["GLIDEPATH_TEST_KILL_AT": "pushed"])
        #expect(killed.status == 9 || killed.status == 137)
        let remoteTip = try git(["--git-dir", fixture.remote, "rev-parse", "main"], in: fixture.folder.path)
        #expect(remoteTip != before)
        #expect(try git(["rev-parse", "HEAD"], in: repo) == before)
        #expect(try git(["status", "--porcelain"], in: repo).isEmpty)

        let again = try run(binary, ["publish", spec, "--repo", repo, "--push"])
        #expect(again.status == 0, "\(again.errors)")
        #expect(again.output.hasPrefix("nothing to publish"))
        #expect(try git(["rev-parse", "HEAD"], in: repo) == remoteTip)
        #expect(try git(["status", "--porcelain"], in: repo).isEmpty)
    }

    @Test func racingPublishersOfDifferentMigrationsAllLand() throws {
        let count = 8
        var specs: [String] = []
        var clones: [String] = []
        for index in 0..<count {
            specs.append(try fixture.spec(from: "minimal", name: "race-\(index)", service: "service-\(index)"))
            clones.append(try fixture.clone("publisher-\(index)"))
        }
        var processes: [(Process, URL)] = []
        for index in 0..<count {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["publish", specs[index], "--repo", clones[index], "--push", "--retries", "20"]
            let errors = fixture.folder.appendingPathComponent("errors-\(index)")
            #expect(FileManager.default.createFile(atPath: errors.path, contents: nil))
            process.standardError = try FileHandle(forWritingTo: errors)
            process.standardOutput = FileHandle.nullDevice
            processes.append((process, errors))
        }
        for (process, _) in processes { try process.run() }
        var retried = 0
        for (index, (process, errors)) in processes.enumerated() {
            process.waitUntilExit()
            let text = try String(contentsOf: errors, encoding: .utf8)
            #expect(process.terminationStatus == 0, "publisher \(index): \(text)")
            if text.contains("moved; rebuilding") { retried += 1 }
        }
        let remote = fixture.remote
        let here = fixture.folder.path
        let lock = try git(["--git-dir", remote, "show", "main:.glidepath/lock.json"], in: here)
        for index in 0..<count {
            #expect(lock.contains("\"race-\(index)\": {"), "race-\(index) is missing from the remote's lock")
            #expect(!(try git(["--git-dir", remote, "ls-tree", "-r", "--name-only", "main", "apps/service-\(index)"], in: here)).isEmpty)
        }
        let subjects = try git(["--git-dir", remote, "log", "--first-parent", "--format=%s", "main"], in: here).split(separator: "\n")
        #expect(subjects.filter { $0.hasPrefix("glidepath: publish race-") }.count == count)
        #expect(try git(["--git-dir", remote, "rev-list", "--merges", "--count", "main"], in: here) == "0")
        print("\(count) racing publishers: all landed, \(retried) had to rebuild on a moved remote")
    }
}
