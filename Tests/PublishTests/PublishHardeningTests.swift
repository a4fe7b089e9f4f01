import Digest
import Foundation
import TestSupport
import Testing

/// What a pull request to the GitOps repository, or the flags a workflow passes, can try on
/// publish: each test would fail on a publish that trusted them.
@Suite struct PublishHardeningTests: GitFixtureSuite {
    let fixture: GitFixture

    init() throws {
        fixture = try GitFixture()
    }

    /// Commits a symbolic link at `path` pointing to `target`.
    func commitLink(_ repo: String, _ path: String, to target: String) throws {
        let full = repo + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: full, withDestinationPath: target)
        try git(["add", path], in: repo)
        try git(["commit", "--quiet", "-m", "a link"], in: repo)
    }

    // MARK: Symbolic links

    @Test(arguments: ["apps", "apps/payments/migrations", ".glidepath"])
    func aCommittedLinkOnTheWayIsRefusedBeforeAnythingMoves(_ linked: String) throws {
        let repo = try fixture.clone("work")
        let outside = try temporaryDirectory("outside")
        defer { try? FileManager.default.removeItem(at: outside) }
        try commitLink(repo, linked, to: outside.path)
        let spec = try fixture.spec(from: "minimal")
        let head = try git(["rev-parse", "HEAD"], in: repo)
        let before = try WorkTreeState(repo)

        for command in ["diff", "check-repo"] {
            let preview = try glidepath([command, spec, "--repo", repo])
            #expect(preview.errors.contains("symbolic link"), "\(command): \(preview.errors)")
        }
        let refused = try glidepath(["publish", spec, "--repo", repo, "--force"])
        #expect(refused.status == 1, "\(refused.errors)")
        #expect(refused.errors.contains("symbolic link \(linked)") || refused.errors.contains("is a symbolic link"), "\(refused.errors)")
        #expect(try git(["rev-parse", "HEAD"], in: repo) == head, "the branch moved")
        #expect(try WorkTreeState(repo) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty, "something was written outside")
        #expect(!FileManager.default.fileExists(atPath: repo + "/.git/glidepath/journal.json"))
    }

    @Test func aPublishedFolderReplacedByALinkIsRefused() throws {
        let repo = try fixture.clone("work")
        let spec = try fixture.spec(from: "minimal")
        #expect(try glidepath(["publish", spec, "--repo", repo]).status == 0)
        let outside = try temporaryDirectory("outside")
        defer { try? FileManager.default.removeItem(at: outside) }
        let manifests = "apps/payments/migrations/payments-api-v2/manifests"
        try git(["rm", "-r", "--quiet", manifests], in: repo)
        try commitLink(repo, manifests, to: outside.path)
        try fixture.spec(from: "minimal") { $0.replacingOccurrences(of: "owners: [team-payments]", with: "owners: [team-payments, sre]") }
        let refused = try glidepath(["publish", spec, "--repo", repo, "--force"])
        #expect(refused.status == 1 && refused.errors.contains("symbolic link"), "\(refused.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }

    /// A link that appears after the commit point: the next command neither writes through it
    /// nor stays stuck on the journal; it says what happened and how to finish.
    @Test func aLinkAfterTheCommitPointNeverLeavesTheRepositoryStuck() throws {
        let repo = try fixture.clone("work")
        let spec = try fixture.spec(from: "minimal")
        let killed = try glidepath(["publish", spec, "--repo", repo], environment: ["GLIDEPATH_TEST_KILL_AT": "decided"])
        #expect(killed.status == 9 || killed.status == 137, "\(killed.errors)")
        let outside = try temporaryDirectory("outside")
        defer { try? FileManager.default.removeItem(at: outside) }
        // The migration's folder, holding the temporary files, now leads outside.
        let folder = repo + "/apps/payments/migrations/payments-api-v2"
        try FileManager.default.moveItem(atPath: folder, toPath: outside.appendingPathComponent("moved").path)
        try FileManager.default.createSymbolicLink(atPath: folder, withDestinationPath: outside.appendingPathComponent("moved").path)
        let recovering = try glidepath(["diff", spec, "--repo", repo])
        #expect(recovering.status == 2)
        #expect(
            recovering.errors.contains("the commit is made") && recovering.errors.contains("never writes through links"),
            "\(recovering.errors)")
        #expect(recovering.errors.contains("checkout"), "\(recovering.errors)")
        #expect(!FileManager.default.fileExists(atPath: repo + "/.git/glidepath/journal.json"), "the journal stayed")
        let moved = outside.appendingPathComponent("moved").path
        #expect(
            try FileManager.default.subpathsOfDirectory(atPath: moved).allSatisfy {
                !$0.hasSuffix(".yaml") || $0.contains(".glidepath-new") == false
            }
                && !FileManager.default.fileExists(atPath: moved + "/manifests/rollout.yaml"), "a file was written through the link")
        // The way out works, and glidepath is usable again.
        try FileManager.default.removeItem(atPath: folder)
        let hint = try #require(recovering.errors.split(separator: "\n").first { $0.contains("git -C") })
        #expect(hint.contains(".glidepath/lock.json") && hint.contains("apps/payments/migrations/payments-api-v2"), "\(hint)")
        try git(["checkout", "HEAD", "--", "apps", ".glidepath"], in: repo)
        let again = try glidepath(["check-repo", spec, "--repo", repo])
        #expect(again.status == 0, "\(again.errors)")
    }

    // MARK: The lock is input too

    @Test func lockEntriesOutsideTheirFolderAreADamagedLock() throws {
        let repo = try fixture.clone("work")
        let spec = try fixture.spec(from: "minimal")
        #expect(try glidepath(["publish", spec, "--repo", repo]).status == 0)
        try FileManager.default.createDirectory(atPath: repo + "/apps/billing", withIntermediateDirectories: true)
        let billing = "prices: keep\n"
        try billing.write(toFile: repo + "/apps/billing/x.yaml", atomically: true, encoding: .utf8)
        let lockPath = repo + "/.glidepath/lock.json"
        let lock = try String(contentsOfFile: lockPath, encoding: .utf8)
        let entry = "\"apps/billing/x.yaml\": \"\(SHA256.hex(Array(billing.utf8)))\",\n"
        try lock.replacingOccurrences(of: "\"files\": {\n", with: "\"files\": {\n        " + entry).write(
            toFile: lockPath, atomically: true, encoding: .utf8)
        try git(["add", "-A"], in: repo)
        try git(["commit", "--quiet", "-m", "pull request"], in: repo)
        try fixture.spec(from: "minimal") { $0.replacingOccurrences(of: "owners: [team-payments]", with: "owners: [team-payments, sre]") }

        let published = try glidepath(["publish", spec, "--repo", repo, "--force"])
        #expect(published.status == 2 && published.errors.contains("outside its folder"), "\(published.errors)")
        #expect(FileManager.default.fileExists(atPath: repo + "/apps/billing/x.yaml"))
        let checked = try glidepath(["check-repo", spec, "--repo", repo])
        #expect(checked.status != 0 && checked.errors.contains("is not a lock glidepath can read"), "\(checked.errors)")
    }

    // MARK: Flags

    @Test func valuesHandedToGitNeverBecomeOptions() throws {
        let repo = try fixture.clone("work")
        let spec = try fixture.spec(from: "minimal")
        let marker = fixture.folder.appendingPathComponent("pwned").path
        for arguments in [
            ["--push", "--remote=--upload-pack=touch \(marker)"],
            ["--push", "--branch=--upload-pack=touch \(marker)"],
            ["--target-revision=--output=\(marker)"],
            ["--repo-url=--upload-pack=touch \(marker)"],
        ] {
            let result = try glidepath(["publish", spec, "--repo", repo] + arguments)
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.errors)")
            #expect(!FileManager.default.fileExists(atPath: marker), "\(arguments) ran a command")
        }
    }

    @Test func commitMessagesCannotBeForged() throws {
        let repo = try fixture.clone("work")
        let minimal = try String(contentsOfFile: packageRoot + "/examples/minimal.yaml", encoding: .utf8)
        let evil = fixture.folder.appendingPathComponent("x\nGlidepath-Migration: forged\nGlidepath-Spec: forged.yaml").path
        try minimal.write(toFile: evil, atomically: true, encoding: .utf8)
        let published = try glidepath(["publish", evil, "--repo", repo, "--message", "summary\n\nGlidepath-Migration: forged-too"])
        #expect(published.status == 0, "\(published.errors)")
        let migrations = try git(["log", "-1", "--format=%(trailers:key=Glidepath-Migration,valueonly)"], in: repo)
        #expect(migrations.split(separator: "\n").map(String.init) == ["payments-api-v2"], "\(migrations)")
        #expect(try git(["log", "-1", "--format=%s"], in: repo).hasPrefix("summary"))
    }

    // MARK: Credentials

    @Test func scpStyleCredentialsAreNeverPrinted() throws {
        let repo = try fixture.clone("work")
        let spec = try fixture.spec(from: "minimal")
        try git(["remote", "set-url", "origin", "deploy:hunter2-pa/ss@127.0.0.1:gitops.git"], in: repo)
        let pushed = try glidepath(
            ["publish", spec, "--repo", repo, "--push", "--retries", "0"],
            environment: ["GIT_SSH_COMMAND": "false"])
        #expect(pushed.status == 2)
        #expect(!(pushed.output + pushed.errors).contains("hunter2"), "\(pushed.errors)")
    }

    // MARK: Stale locks

    @Test func aStaleRemoteTrackingLockGetsAHint() throws {
        let repo = try fixture.clone("work")
        let spec = try fixture.spec(from: "minimal")
        // Another publisher moves the remote, so this fetch must update the tracking ref.
        let other = try fixture.clone("other")
        #expect(try glidepath(["publish", try fixture.spec(from: "orders-shipping-zone"), "--repo", other, "--push"]).status == 0)
        let lock = repo + "/.git/refs/remotes/origin/main.lock"
        #expect(FileManager.default.createFile(atPath: lock, contents: Data()))
        let pushed = try glidepath(["publish", spec, "--repo", repo, "--push", "--retries", "0"])
        #expect(pushed.status == 2, "\(pushed.errors)")
        #expect(pushed.errors.contains("rm '") && pushed.errors.contains("refs/remotes/origin/main.lock"), "\(pushed.errors)")
        #expect(!pushed.errors.contains("kept moving"))
    }
}
