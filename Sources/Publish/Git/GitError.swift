import Foundation

/// A git command that failed, as the user needs to see it: what ran, what git said (with any
/// credentials masked), and what to do next.
public struct GitError: Error, Sendable, CustomStringConvertible {
    public var command: String
    public var status: Int32
    public var gitMessage: String
    public var hint: String?

    init(arguments: [String], status: Int32, stderr: String, hint: String? = nil) {
        self.command = Redaction.redact((["git"] + arguments).joined(separator: " "))
        self.status = status
        self.gitMessage = Redaction.redact(stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        self.hint = hint ?? Self.hint(for: stderr)
    }

    public var description: String {
        var text = "`\(command)` failed (exit \(status))"
        if !gitMessage.isEmpty {
            text +=
                ":\n" + gitMessage.split(separator: "\n", omittingEmptySubsequences: false).map { "  git: " + $0 }.joined(separator: "\n")
        }
        if let hint { text += "\n  hint: " + hint }
        return text
    }

    /// The next step for the failures people meet; git's own words stay above it.
    static func hint(for stderr: String) -> String? {
        // A killed git (or a killed glidepath around it) leaves its lock file behind, and every
        // later command that needs the ref or the index stops on it.
        if let start = stderr.range(of: "Unable to create '"), let end = stderr[start.upperBound...].range(of: ".lock': File exists") {
            let lock = stderr[start.upperBound..<end.lowerBound] + ".lock"
            return
                "\(lock) is left over from a git command that was interrupted (or one is still running): when no git process runs in this repository, remove it (rm '\(lock)') and run the command again"
        }
        let text = stderr.lowercased()
        let hints: [(String, String)] = [
            (
                "dubious ownership",
                "git refuses a repository another user owns (common in CI containers): git config --global --add safe.directory PATH"
            ),
            ("not a git repository", "--repo must be a clone of the GitOps repository (git clone URL PATH)"),
            (
                "please tell me who you are",
                "set an identity for the commit: git config user.name NAME && git config user.email EMAIL (in CI, the bot's)"
            ),
            ("unable to auto-detect email", "set an identity for the commit: git config user.email EMAIL"),
            (
                "authentication failed",
                "the remote refused the credentials: check the token or key the remote URL or credential helper provides, and that it may push"
            ),
            (
                "could not read username",
                "the remote needs credentials and prompting is off: configure a credential helper, an SSH key, or a token in CI"
            ),
            ("permission denied", "the remote refused access: check the deploy key or token and its write permission"),
            ("could not resolve host", "the remote's host name does not resolve: check the URL and the network"),
            ("couldn't connect to server", "the remote cannot be reached: check the URL, the network and any proxy, then run again"),
            ("connection refused", "the remote cannot be reached: check the URL, the network and any proxy, then run again"),
            ("connection timed out", "the remote cannot be reached: check the URL, the network and any proxy, then run again"),
            ("does not appear to be a git repository", "the remote is missing or wrong: git remote -v, then git remote set-url origin URL"),
            ("no such remote", "add the remote first: git remote add origin URL"),
            (
                "index.lock",
                "another git command is running in this repository, or one crashed: wait, or remove the .lock file it names once no git process runs"
            ),
            (
                ".lock': file exists",
                "another git command is running in this repository, or one crashed: wait, or remove the .lock file it names once no git process runs"
            ),
            ("unable to create", "git could not create a file: check disk space and permissions in the repository"),
            ("no space left on device", "the disk is full: free space and run the command again; nothing was changed"),
            ("protected branch", "the branch is protected on the remote: publish to another branch (--branch) and open a pull request"),
            ("pre-receive hook declined", "a server-side hook refused the push: read its message above"),
        ]
        return hints.first { text.contains($0.0) }?.1
    }
}
