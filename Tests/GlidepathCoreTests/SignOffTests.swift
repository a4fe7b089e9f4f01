import Foundation
import TestSupport
import Testing

/// Sign-offs as part of the GitOps history, on real repositories: an approval lands as a commit
/// bound to the files' digest, survives a re-publish, goes stale when the spec changes, gates
/// check-repo, shows in the repository's runbook and in a site built from the repository, and
/// can be pushed and signed with git's own signing.
@Suite struct SignOffTests {
    static let runbookPath = "/apps/orders/migrations/orders-shipping-zone/runbook.html"

    func setUp() throws -> (GitFixture, repo: String, spec: String, binary: String) {
        let fixture = try GitFixture()
        let repo = try fixture.clone("work")
        let spec = try fixture.spec(from: "orders-shipping-zone")
        let binary = try glidepathBinary()
        let published = try run(binary, ["publish", spec, "--repo", repo, "--repo-url", "https://git.example.com/gitops.git"])
        try #require(published.status == 0, "\(published.errors)")
        return (fixture, repo, spec, binary)
    }

    func trailers(_ repo: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for line in try git(["log", "-1", "--format=%(trailers:only,unfold)"], in: repo).split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return values
    }

    @Test func anApprovalLandsSurvivesARepublishAndGoesStaleWhenTheSpecChanges() throws {
        let (fixture, repo, spec, binary) = try setUp()
        let before = try git(["rev-parse", "HEAD"], in: repo)

        let signed = try run(binary, ["sign-off", spec, "--repo", repo, "--at", "50", "--role", "on-call SRE", "--as", "Dana Oncall"])
        try #require(signed.status == 0, "\(signed.errors)")
        #expect(signed.output.hasPrefix("signed off orders-shipping-zone promote past 50% as on-call SRE, by Dana Oncall"))
        #expect(try git(["rev-parse", "HEAD^"], in: repo) == before, "one commit on top of the publish")
        let recorded = try trailers(repo)
        #expect(recorded["Glidepath-Sign-Off"] == "orders-shipping-zone")
        #expect(recorded["Glidepath-Sign-Off-Point"] == "hold-50")
        #expect(recorded["Glidepath-Sign-Off-Role"] == "on-call SRE")
        #expect(recorded["Glidepath-Sign-Off-By"] == "Dana Oncall")
        let digest = try #require(recorded["Glidepath-Artifacts-SHA256"])
        // The digest is the one the runbook shows for the files it approves.
        var page = try String(contentsOfFile: repo + Self.runbookPath, encoding: .utf8)
        #expect(page.contains(#"data-artifacts-digest="\#(digest)""#))
        #expect(
            page.contains(#"<li class="current">signed by Dana Oncall (on-call SRE) for files <code>\#(digest.prefix(12))</code></li>"#))
        #expect(page.contains("Waiting for orders lead"), "one of the two roles of the 50% hold has signed")
        #expect(try git(["status", "--porcelain"], in: repo).isEmpty, "the work tree follows the commit")

        // The same approval again is no new commit; a re-publish changes nothing.
        let again = try run(binary, ["sign-off", spec, "--repo", repo, "--at", "50%", "--role", "on-call SRE", "--as", "Dana Oncall"])
        #expect(again.status == 0 && again.output.hasPrefix("already recorded"), "\(again.output)\(again.errors)")
        let republished = try run(binary, ["publish", spec, "--repo", repo])
        #expect(republished.output.hasPrefix("nothing to publish"), "\(republished.output)\(republished.errors)")

        // The gate: both roles of 50% needed.
        var gate = try run(binary, ["check-repo", spec, "--repo", repo, "--require-sign-off", "50"])
        #expect(gate.status == 1)
        #expect(gate.errors.contains("missing sign-off: orders-shipping-zone: promote past 50% has no sign-off for files"))
        #expect(gate.errors.contains("'orders lead'") && !gate.errors.contains("'on-call SRE'"))
        let lead = try run(binary, ["sign-off", spec, "--repo", repo, "--at", "50", "--role", "orders lead", "--as", "Sam Lead"])
        try #require(lead.status == 0, "\(lead.errors)")
        gate = try run(binary, ["check-repo", spec, "--repo", repo, "--require-sign-off", "50"])
        #expect(gate.status == 0, "\(gate.errors)")
        page = try String(contentsOfFile: repo + Self.runbookPath, encoding: .utf8)
        #expect(page.contains("Approved for these files by on-call SRE, orders lead."))

        // The spec changes: the published files change, earlier approvals no longer apply.
        let changed = try fixture.spec(from: "orders-shipping-zone") {
            $0.replacingOccurrences(of: "count: 3, failureLimit: 1", with: "count: 4, failureLimit: 1")
        }
        #expect(changed == spec)
        let unpublished = try run(binary, ["sign-off", spec, "--repo", repo, "--at", "50", "--role", "orders lead", "--as", "Sam Lead"])
        #expect(unpublished.status == 1, "a sign-off approves what is published")
        #expect(unpublished.errors.contains("the repository does not hold what the spec gives"), "\(unpublished.errors)")
        let republish = try run(binary, ["publish", spec, "--repo", repo])
        try #require(republish.status == 0, "\(republish.errors)")
        page = try String(contentsOfFile: repo + Self.runbookPath, encoding: .utf8)
        #expect(!page.contains(#"data-artifacts-digest="\#(digest)""#))
        #expect(page.contains(#"<li class="stale">signed by Dana Oncall (on-call SRE) for files <code>\#(digest.prefix(12))</code>"#))
        #expect(page.contains("no longer applies: the generated files changed since"))
        gate = try run(binary, ["check-repo", spec, "--repo", repo, "--require-sign-off", "50"])
        #expect(gate.status == 1, "stale approvals do not pass the gate")

        // A site built from the repository shows them, per migration in the index.
        let site = fixture.folder.appendingPathComponent("site").path
        let specs = fixture.folder.appendingPathComponent("specs")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: spec, toPath: specs.appendingPathComponent("orders-shipping-zone.yaml").path)
        _ = try run(binary, ["sign-off", spec, "--repo", repo, "--at", "20", "--as", "Dana Oncall"])
        let built = try run(binary, ["site", specs.path, "--out", site, "--repo", repo])
        try #require(built.status == 0, "\(built.errors)")
        let index = try String(contentsOfFile: site + "/index.html", encoding: .utf8)
        #expect(
            index.contains(#"<td class="approvals">approved: promote past 20%. waiting: promote past 5%; promote past 50%"#), "\(index)")
        let runbook = try String(contentsOfFile: site + "/migrations/orders-shipping-zone/runbook.html", encoding: .utf8)
        #expect(runbook.contains(#"<li class="stale">signed by Sam Lead (orders lead)"#))
        #expect(runbook.contains(#"<li class="current">signed by Dana Oncall (on-call SRE)"#))
    }

    @Test func aSignOffIsPushedAndSignedWithGitsOwnSigning() throws {
        let (fixture, repo, spec, binary) = try setUp()
        _ = try git(["push", "--quiet", "origin", "main"], in: repo)
        // An SSH signing key: git's own signing, verified by git's own verify-commit.
        let key = fixture.folder.appendingPathComponent("signing-key").path
        let keygen = try run("/usr/bin/env", ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "dana@example.com", "-f", key])
        try #require(keygen.status == 0, "ssh-keygen is missing (apt-get install openssh-client): \(keygen.errors)")
        let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let allowed = fixture.folder.appendingPathComponent("allowed-signers").path
        try "Dana \(publicKey)\n".write(toFile: allowed, atomically: true, encoding: .utf8)
        for (name, value) in [("gpg.format", "ssh"), ("user.signingkey", key), ("gpg.ssh.allowedSignersFile", allowed)] {
            try git(["config", name, value], in: repo)
        }
        let signed = try run(
            binary, ["sign-off", spec, "--repo", repo, "--at", "success", "--role", "team-orders", "--as", "Dana", "--gpg-sign", "--push"])
        try #require(signed.status == 0, "\(signed.errors)")
        #expect(signed.output.contains(", pushed to origin"))
        let verified = try run("/usr/bin/git", ["-C", repo, "verify-commit", "HEAD"])
        #expect(verified.status == 0, "git verify-commit: \(verified.errors)")
        #expect(verified.errors.contains("Good \"git\" signature for Dana"), "\(verified.errors)")
        #expect(try git(["rev-parse", "HEAD"], in: repo) == (try git(["rev-parse", "main"], in: fixture.remote)), "the remote has it")
        #expect(try trailers(repo)["Glidepath-Sign-Off-Point"] == "declare-success")
    }

    @Test func aSignOffNamesItsPointAndRoleOrSaysWhichExist() throws {
        let (fixture, repo, spec, binary) = try setUp()
        defer { withExtendedLifetime(fixture) {} }
        let unknownPoint = try run(binary, ["sign-off", spec, "--repo", repo, "--at", "30"])
        #expect(unknownPoint.status == 2)
        #expect(unknownPoint.errors.contains("one of 5, 20, 50, success, point-of-no-return"), "\(unknownPoint.errors)")
        let twoRoles = try run(binary, ["sign-off", spec, "--repo", repo, "--at", "50"])
        #expect(twoRoles.status == 2 && twoRoles.errors.contains("name yours with --role"))
        let wrongRole = try run(binary, ["sign-off", spec, "--repo", repo, "--at", "50", "--role", "intern"])
        #expect(wrongRole.status == 2 && wrongRole.errors.contains("'on-call SRE', 'orders lead' do"))
        let forged = try run(binary, ["sign-off", spec, "--repo", repo, "--at", "5", "--as", "Eve\nGlidepath-Sign-Off-By: CEO"])
        #expect(forged.status == 2, "a name on two lines would forge a trailer")
        #expect(try git(["log", "-1", "--format=%s"], in: repo).hasPrefix("glidepath: publish"), "nothing was committed")
    }
}
