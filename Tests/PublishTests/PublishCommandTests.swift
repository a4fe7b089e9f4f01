import Foundation
import TestSupport
import Testing

/// `glidepath publish`, `diff` and `check-repo` as a user runs them, against real git
/// repositories with a bare repository as the remote.
@Suite struct PublishCommandTests: GitFixtureSuite {
    let fixture: GitFixture

    init() throws {
        fixture = try GitFixture()
    }

    @Test func commitsOnceWithTraceableTrailersAndNotAgainWhenNothingChanged() throws {
        let repo = try fixture.clone("work")
        let spec = try fixture.spec(from: "orders-shipping-zone")
        let first = try glidepath(["publish", spec, "--repo", repo])
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("published orders-shipping-zone: 24 added, 0 changed, 0 removed"))
        #expect(try git(["log", "-1", "--format=%s"], in: repo) == "glidepath: publish orders-shipping-zone")
        let trailers = try git(["log", "-1", "--format=%(trailers:only,unfold)"], in: repo)
        let digest = try run("/usr/bin/sha256sum", [spec]).output.prefix(64)
        #expect(trailers.contains("Glidepath-Spec: \(spec)"))
        #expect(trailers.contains("Glidepath-Spec-SHA256: \(digest)"))
        #expect(trailers.contains("Glidepath-Version: "))
        #expect(try git(["status", "--porcelain"], in: repo).isEmpty)
        let head = try git(["rev-parse", "HEAD"], in: repo)

        let again = try glidepath(["publish", spec, "--repo", repo])
        #expect(again.status == 0)
        #expect(again.output.hasPrefix("nothing to publish"))
        #expect(try git(["rev-parse", "HEAD"], in: repo) == head)
    }

    /// The lock records git's id of every file it wrote, exactly as `git ls-tree` lists it, so
    /// an unchanged publish settles the files from the tree; a file changed behind the lock's
    /// back (committed, or only in the work tree) is still caught by its content.
    @Test func theLockRecordsGitsIdsAndAChangeBehindThemIsStillCaught() throws {
        let repo = try fixture.clone("work")
        let spec = try fixture.spec(from: "minimal")
        #expect(try glidepath(["publish", spec, "--repo", repo]).status == 0)
        let lockText = try String(contentsOfFile: repo + "/.glidepath/lock.json", encoding: .utf8)
        let lock = try #require(try JSONSerialization.jsonObject(with: Data(lockText.utf8)) as? [String: Any])
        let migration = try #require((lock["migrations"] as? [String: Any])?["payments-api-v2"] as? [String: Any])
        let objects = try #require(migration["objects"] as? [String: String])
        let files = try #require(migration["files"] as? [String: String])
        #expect(Set(objects.keys) == Set(files.keys) && !objects.isEmpty)
        for line in try git(["ls-tree", "-r", "HEAD"], in: repo).split(separator: "\n") {
            let fields = line.split(separator: "\t")
            let path = String(fields[1])
            if let recorded = objects[path] { #expect(fields[0].hasSuffix(recorded), "\(path)") }
        }

        let rollout = "apps/payments/migrations/payments-api-v2/manifests/rollout.yaml"
        // Only in the work tree: check-repo sees the drift.
        try "# edited\n".write(toFile: repo + "/" + rollout, atomically: true, encoding: .utf8)
        #expect(try glidepath(["check-repo", spec, "--repo", repo]).status == 1)
        // Committed: publish refuses it as a hand edit.
        _ = try git(["commit", "-qam", "hand edit"], in: repo)
        let refused = try glidepath(["publish", spec, "--repo", repo])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("\(rollout): edited by hand"), "\(refused.errors)")
    }

    /// Specs the lock records with the same bytes are not checked up front; one whose files have
    /// to be rendered again is checked then, and a new spec taking a known one's name is an
    /// error at both places, as when every spec is checked.
    @Test func knownSpecsAreCheckedOnlyWhenNeeded() throws {
        let repo = try fixture.clone("work")
        let minimal = try fixture.spec(from: "minimal")
        let orders = try fixture.spec(from: "orders-shipping-zone")
        #expect(try glidepath(["publish", minimal, orders, "--repo", repo]).status == 0)
        let folder = repo + "/apps/payments/migrations/payments-api-v2"
        _ = try git(["rm", "-q", "apps/payments/migrations/payments-api-v2/manifests/rollout.yaml"], in: repo)
        _ = try git(["commit", "-qm", "lost the rollout"], in: repo)
        let restored = try glidepath(["publish", minimal, orders, "--repo", repo])
        #expect(restored.status == 0, "\(restored.errors)")
        #expect(restored.output.contains("published payments-api-v2: "), "\(restored.output)")
        #expect(FileManager.default.fileExists(atPath: folder + "/manifests/rollout.yaml"))
        #expect(try glidepath(["check-repo", minimal, orders, "--repo", repo]).status == 0)

        let copy = minimal.replacingOccurrences(of: "payments-api-v2.yaml", with: "payments-copy.yaml")
        try FileManager.default.copyItem(atPath: minimal, toPath: copy)
        for command in ["publish", "check-repo"] {
            let clash = try glidepath([command, minimal, copy, "--repo", repo])
            #expect(clash.status == 1)
            #expect(clash.errors.contains("check.duplicate-migration") || clash.errors.contains("payments-api-v2"), "\(clash.errors)")
            #expect(clash.errors.contains("payments-copy.yaml") && clash.errors.contains("payments-api-v2.yaml"), "\(clash.errors)")
        }
    }

    /// A folder stands for the specs under it, as for `manifests`: one argument for a monorepo.
    @Test func aFolderStandsForItsSpecs() throws {
        let repo = try fixture.clone("work")
        let specs = fixture.folder.appendingPathComponent("specs").path
        try FileManager.default.createDirectory(atPath: specs + "/team", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try fixture.spec(from: "minimal"), toPath: specs + "/minimal.yaml")
        try FileManager.default.copyItem(atPath: try fixture.spec(from: "orders-shipping-zone"), toPath: specs + "/team/orders.yaml")
        try "kind: ConfigMap\n".write(toFile: specs + "/values.yaml", atomically: true, encoding: .utf8)
        let published = try glidepath(["publish", specs, "--repo", repo])
        #expect(published.status == 0, "\(published.errors)")
        #expect(published.output.contains("published payments-api-v2") && published.output.contains("published orders-shipping-zone"))
        #expect(try glidepath(["check-repo", specs, "--repo", repo]).status == 0)
        #expect(try glidepath(["diff", specs, "--repo", repo]).output.hasPrefix("no changes"))

        let secret = fixture.folder.appendingPathComponent("secret.yaml").path
        try "kind: Migration\ntoken: hunter2\n".write(toFile: secret, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: specs + "/linked.yaml", withDestinationPath: secret)
        let refused = try glidepath(["check-repo", specs, "--repo", repo])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("outside") && !refused.errors.contains("hunter2"), "\(refused.errors)")
    }

    @Test func rewritesOnlyTheFilesWhoseContentChanged() throws {
        let repo = try fixture.clone("work")
        let spec = try fixture.spec(from: "minimal")
        #expect(try glidepath(["publish", spec, "--repo", repo]).status == 0)
        let folder = repo + "/apps/payments/migrations/payments-api-v2"
        let before = try identities(folder)
        try fixture.spec(from: "minimal") {
            $0.replacingOccurrences(of: "owners: [team-payments]", with: "owners: [team-payments, sre-oncall]")
        }
        let second = try glidepath(["publish", spec, "--repo", repo])
        #expect(second.status == 0, "\(second.errors)")
        let after = try identities(folder)
        let rewritten = Set(after.keys.filter { after[$0] != before[$0] })
        let changed = Set(try git(["diff", "--name-only", "HEAD~1", "HEAD"], in: repo).split(separator: "\n").map(String.init))
        #expect(!rewritten.isEmpty)
        #expect(
            rewritten.map { "apps/payments/migrations/payments-api-v2/" + $0 }.allSatisfy(changed.contains),
            "rewritten \(rewritten.sorted()), changed \(changed.sorted())")
        #expect(rewritten.count + 1 == changed.count, "only the changed files and the lock: \(changed.sorted())")
    }

    /// Inode and modification time of every file: a rewrite changes one of them.
    private func identities(_ folder: String) throws -> [String: String] {
        var result: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            var info = stat()
            guard stat(folder + "/" + relative, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            result[relative] = "\(info.st_ino)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }
        return result
    }

    @Test func handEditsAndFilesGlidepathNeverWroteAreRefusedUntilForced() throws {
        let repo = try fixture.clone("work")
        let spec = try fixture.spec(from: "minimal")
        #expect(try glidepath(["publish", spec, "--repo", repo]).status == 0)
        let rollout = "apps/payments/migrations/payments-api-v2/manifests/rollout.yaml"
        try "# tuned by hand\n".appendToFile(repo + "/" + rollout)
        try git(["commit", "--quiet", "-am", "hand edit"], in: repo)
        try fixture.spec(from: "minimal") { $0.replacingOccurrences(of: "owners: [team-payments]", with: "owners: [sre]") }
        let before = try WorkTreeState(repo)

        let refused = try glidepath(["publish", spec, "--repo", repo])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("\(rollout): edited by hand since glidepath wrote it (migration payments-api-v2)"))
        #expect(refused.errors.contains("--force"))
        #expect(try WorkTreeState(repo) == before)

        // An uncommitted edit of a file the publish changes is refused the same way, and survives.
        try git(["revert", "--quiet", "--no-edit", "HEAD"], in: repo)
        let runbook = "apps/payments/migrations/payments-api-v2/runbook.html"
        try "<!-- uncommitted -->\n".appendToFile(repo + "/" + runbook)
        let uncommitted = try glidepath(["publish", spec, "--repo", repo])
        #expect(uncommitted.status == 1)
        #expect(uncommitted.errors.contains("\(runbook): has uncommitted changes"))
        #expect(try String(contentsOfFile: repo + "/" + runbook, encoding: .utf8).hasSuffix("<!-- uncommitted -->\n"))

        let forced = try glidepath(["publish", spec, "--repo", repo, "--force"])
        #expect(forced.status == 0, "\(forced.errors)")
        #expect(try git(["status", "--porcelain"], in: repo).isEmpty)
        #expect(try String(contentsOfFile: repo + "/" + runbook, encoding: .utf8).contains("sre"))
        #expect(try !String(contentsOfFile: repo + "/" + runbook, encoding: .utf8).contains("uncommitted"))
    }

    @Test func aGeneratedFileDeletedByHandIsRestored() throws {
        let repo = try fixture.clone("work")
        let spec = try fixture.spec(from: "minimal")
        #expect(try glidepath(["publish", spec, "--repo", repo]).status == 0)
        let service = "apps/payments/migrations/payments-api-v2/manifests/virtual-service.yaml"
        let original = try String(contentsOfFile: repo + "/" + service, encoding: .utf8)
        try git(["rm", "--quiet", service], in: repo)
        try git(["commit", "--quiet", "-m", "oops"], in: repo)
        let restored = try glidepath(["publish", spec, "--repo", repo])
        #expect(restored.status == 0, "\(restored.errors)")
        #expect(restored.output.contains("1 added"))
        #expect(try String(contentsOfFile: repo + "/" + service, encoding: .utf8) == original)
    }

    @Test func aFileGlidepathNeverWroteBlocksItsPath() throws {
        let repo = try fixture.clone("work")
        let spec = try fixture.spec(from: "minimal")
        let theirs = repo + "/apps/payments/migrations/payments-api-v2/manifests/rollout.yaml"
        try FileManager.default.createDirectory(atPath: (theirs as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "kind: Rollout # someone's\n".write(toFile: theirs, atomically: true, encoding: .utf8)
        try git(["add", "-A"], in: repo)
        try git(["commit", "--quiet", "-m", "their rollout"], in: repo)
        let refused = try glidepath(["publish", spec, "--repo", repo])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("rollout.yaml: exists and was not written by glidepath"))
        #expect(try String(contentsOfFile: theirs, encoding: .utf8) == "kind: Rollout # someone's\n")
    }

    @Test func aNewLayoutMovesTheFilesAndLeavesOtherFilesAlone() throws {
        let repo = try fixture.clone("work")
        let spec = try fixture.spec(from: "orders-shipping-zone")
        #expect(try glidepath(["publish", spec, "--repo", repo]).status == 0)
        let oldFolder = repo + "/apps/orders/migrations/orders-shipping-zone"
        try "Notes the team keeps beside the generated files.\n".write(toFile: oldFolder + "/NOTES.md", atomically: true, encoding: .utf8)
        try git(["add", "-A"], in: repo)
        try git(["commit", "--quiet", "-m", "notes"], in: repo)

        let moved = try glidepath(["publish", spec, "--repo", repo, "--layout", "clusters/{namespace}/{name}"])
        #expect(moved.status == 0, "\(moved.errors)")
        #expect(moved.output.contains("24 added, 0 changed, 24 removed"))
        let left = try FileManager.default.subpathsOfDirectory(atPath: repo + "/apps")
        #expect(
            left.sorted() == [
                "orders", "orders/migrations", "orders/migrations/orders-shipping-zone", "orders/migrations/orders-shipping-zone/NOTES.md",
            ])
        #expect(FileManager.default.fileExists(atPath: repo + "/clusters/prod/orders-shipping-zone/manifests/rollout.yaml"))
        let lock = try String(contentsOfFile: repo + "/.glidepath/lock.json", encoding: .utf8)
        #expect(lock.contains("\"layout\": \"clusters/{namespace}/{name}\""))
        #expect(try git(["status", "--porcelain"], in: repo).isEmpty)
        // The layout is recorded: the next publish needs no flag and changes nothing.
        #expect(try glidepath(["publish", spec, "--repo", repo]).output.hasPrefix("nothing to publish"))
    }

    @Test func checkRepoAndDiffReportDriftWithoutChangingAnything() throws {
        let repo = try fixture.clone("work")
        let spec = try fixture.spec(from: "minimal")
        let unpublished = try glidepath(["check-repo", spec, "--repo", repo])
        #expect(unpublished.status == 1)
        #expect(unpublished.output.contains("+++ b/apps/payments/migrations/payments-api-v2/manifests/rollout.yaml"))
        #expect(try glidepath(["publish", spec, "--repo", repo]).status == 0)
        let inSync = try glidepath(["check-repo", spec, "--repo", repo])
        #expect(inSync.status == 0, "\(inSync.output)\(inSync.errors)")
        #expect(inSync.output.contains("is in sync with 1 spec"))

        let service = "apps/payments/migrations/payments-api-v2/manifests/virtual-service.yaml"
        let text = try String(contentsOfFile: repo + "/" + service, encoding: .utf8)
        try text.replacingOccurrences(of: "weight: 0", with: "weight: 10").write(
            toFile: repo + "/" + service, atomically: true, encoding: .utf8)
        let before = try WorkTreeState(repo)
        let drift = try glidepath(["check-repo", spec, "--repo", repo])
        #expect(drift.status == 1)
        #expect(drift.output.contains("--- a/\(service)\n+++ b/\(service)\n"))
        #expect(drift.output.contains("-      weight: 10\n+      weight: 0\n"))
        #expect(drift.errors.contains("edited by hand"))
        let diff = try glidepath(["diff", spec, "--repo", repo])
        #expect(diff.status == 0)
        #expect(diff.output == drift.output)
        #expect(try WorkTreeState(repo) == before)

        // The diff is a real patch: git applies it and the repository is back in sync.
        let patch = fixture.folder.appendingPathComponent("drift.patch").path
        try String(diff.output.drop { $0 != "-" }).write(toFile: patch, atomically: true, encoding: .utf8)
        try git(["apply", patch], in: repo)
        #expect(try glidepath(["check-repo", spec, "--repo", repo]).status == 0)
    }

    @Test func aBadSpecChangesNothing() throws {
        let repo = try fixture.clone("work")
        let spec = try fixture.spec(from: "minimal") { $0.replacingOccurrences(of: "namespace: prod", with: "namspace: prod") }
        let before = try WorkTreeState(repo)
        let result = try glidepath(["publish", spec, "--repo", repo])
        #expect(result.status == 1)
        #expect(result.errors.contains("unknown key 'namspace'"))
        #expect(result.errors.contains("nothing published"))
        #expect(try WorkTreeState(repo) == before)
    }

    @Test func gitFailuresSayWhatToDoAndChangeNothing() throws {
        let repo = try fixture.clone("work")
        let spec = try fixture.spec(from: "minimal")
        let before = try WorkTreeState(repo)
        #expect(FileManager.default.createFile(atPath: repo + "/.git/refs/heads/main.lock", contents: Data()))
        let locked = try glidepath(["publish", spec, "--repo", repo])
        #expect(locked.status == 2)
        #expect(locked.errors.contains("git update-ref"))
        #expect(locked.errors.contains("is left over from a git command that was interrupted"))
        try FileManager.default.removeItem(atPath: repo + "/.git/refs/heads/main.lock")
        #expect(try WorkTreeState(repo) == before)
        #expect(!FileManager.default.fileExists(atPath: repo + "/.git/glidepath/journal.json"))

        let notARepository = try glidepath(["publish", spec, "--repo", fixture.folder.path])
        #expect(notARepository.status == 2)
        #expect(notARepository.errors.contains("hint: --repo must be a clone"))
    }

    @Test func credentialsInTheRemoteURLAreNeverPrinted() throws {
        let repo = try fixture.clone("work")
        let spec = try fixture.spec(from: "minimal")
        try git(["remote", "set-url", "origin", "http://ci-bot:s3cr3t-t0ken@127.0.0.1:9/gitops.git"], in: repo)
        let pushed = try glidepath(["publish", spec, "--repo", repo, "--push", "--retries", "0"])
        #expect(pushed.status == 2)
        #expect(!(pushed.output + pushed.errors).contains("s3cr3t"), "\(pushed.errors)")
        #expect(pushed.errors.contains("127.0.0.1:9/gitops.git"))
        #expect(pushed.errors.contains("hint: the remote cannot be reached"))
        // Published locally, the Application names the remote without its credentials.
        #expect(try glidepath(["publish", spec, "--repo", repo]).status == 0)
        let application = try String(contentsOfFile: repo + "/apps/payments/migrations/payments-api-v2/application.yaml", encoding: .utf8)
        #expect(application.contains("repoURL: http://127.0.0.1:9/gitops.git"))
        #expect(!application.contains("s3cr3t"))
    }
}

extension String {
    func appendToFile(_ path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        handle.write(Data(utf8))
    }
}
