import TestSupport
import Testing

@testable import Publish

@Suite struct RedactionTests {
    @Test func masksUserInfoOfEveryURL() {
        let text = "fatal: unable to access 'https://bot:ghp_S3CRET@github.com/org/gitops.git/': 403; also http://token@10.0.0.1:8080/x"
        let redacted = Redaction.redact(text)
        #expect(!redacted.contains("S3CRET"))
        #expect(!redacted.contains("token@"))
        #expect(redacted.contains("https://***@github.com/org/gitops.git/"))
        #expect(redacted.contains("http://***@10.0.0.1:8080/x"))
    }

    @Test func passwordsWithSlashesOrAtSignsAndScpStyleAddressesAreMasked() {
        let cases = [
            "fatal: 'https://ci:pa/ss@example.com/repo.git' not found",
            "fatal: 'https://ci:p@ss/w@rd@example.com/repo.git' not found",
            "ssh: deploy:hunter2@example.com:org/repo.git refused",
            "remote: see https://user:tok3n@example.com/x?y=1#z",
        ]
        for text in cases {
            let redacted = Redaction.redact(text)
            for secret in ["pa/ss", "p@ss", "w@rd", "hunter2", "tok3n"] {
                #expect(!redacted.contains(secret), "\(redacted)")
            }
            #expect(redacted.contains("***@") || redacted.contains("***"), "\(redacted)")
        }
        #expect(Redaction.strippingCredentials("https://ci:pa/ss@example.com/repo.git") == "https://example.com/repo.git")
        #expect(Redaction.redact("https://host:8080/path@v1") == "https://host:8080/path@v1")
    }

    @Test func leavesURLsWithoutCredentialsAndSSHRemotesAlone() {
        for text in ["https://github.com/org/gitops.git", "git@github.com:org/gitops.git", "/srv/git/gitops.git", "no url here"] {
            #expect(Redaction.redact(text) == text)
        }
    }

    @Test func anAtSignInThePathIsNotUserInfo() {
        #expect(Redaction.redact("https://host/org/repo@v1") == "https://host/org/repo@v1")
    }

    @Test func strippingCredentialsKeepsTheRest() {
        #expect(Redaction.strippingCredentials("https://u:p@github.com/org/repo.git") == "https://github.com/org/repo.git")
        #expect(Redaction.strippingCredentials("ssh://git@host:22/repo.git") == "ssh://host:22/repo.git")
        #expect(Redaction.strippingCredentials("git@github.com:org/repo.git") == "git@github.com:org/repo.git")
    }

    @Test func gitErrorsAreRedactedAndCarryAHint() {
        let error = GitError(
            arguments: ["push", "https://ci:tok3n@example.com/repo.git", "HEAD:main"], status: 128,
            stderr: "fatal: Authentication failed for 'https://ci:tok3n@example.com/repo.git/'")
        #expect(!error.description.contains("tok3n"))
        #expect(error.description.contains("hint: the remote refused the credentials"))
    }
}
