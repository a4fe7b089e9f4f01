import Diagnostics
public import Plan
import Units

/// Sign-offs as commits: the trailers a sign-off commit carries, and reading them back from
/// the history of a branch. The history is the record: anyone with a clone sees every
/// approval, and nothing survives only in one browser.
enum SignOffLog {
    static let keys = (
        migration: "Glidepath-Sign-Off", point: "Glidepath-Sign-Off-Point", role: "Glidepath-Sign-Off-Role",
        signer: "Glidepath-Sign-Off-By", digest: "Glidepath-Artifacts-SHA256"
    )

    static func trailers(_ record: SignOffRecord) -> String {
        [
            (keys.migration, record.migration), (keys.point, record.point), (keys.role, record.role),
            (keys.signer, record.signer), (keys.digest, record.artifactsDigest),
        ].map { "\($0.0): \(CommitMessage.oneLine($0.1))\n" }.joined()
    }

    /// Every sign-off recorded in the history of `commit`, oldest first.
    static func read(_ git: Git, at commit: String?) throws(GitError) -> [SignOffRecord] {
        guard let commit else { return [] }
        // One record per commit: hash, committer date, then the trailers, unfolded; records
        // end with a byte no trailer holds.
        let output = try git.text([
            "log", "--reverse", "--no-color", "--grep=^\(keys.migration): ", "--format=%H%x1f%cI%x1f%(trailers:only,unfold)%x1e",
            commit, "--",
        ])
        var records: [SignOffRecord] = []
        for entry in output.split(separator: "\u{1e}") {
            let fields = entry.split(separator: "\u{1f}", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            var values: [String: String] = [:]
            for line in fields[2].split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let key = String(line[..<colon])
                if values[key] == nil { values[key] = String(line[line.index(after: colon)...]).trimming(" ") }
            }
            guard let migration = values[keys.migration], let point = values[keys.point], let role = values[keys.role],
                let signer = values[keys.signer], let digest = values[keys.digest]
            else { continue }
            records.append(
                SignOffRecord(
                    migration: migration, point: point, role: role, signer: signer, artifactsDigest: digest,
                    commit: fields[0].trimming("\n "), date: String(fields[1])))
        }
        return records
    }
}

extension Publisher {
    /// The name a sign-off is recorded under when none is given: git's author name.
    public func signerName() throws(PublishError) -> String {
        let ident: String
        do { ident = try git.identity().author } catch { throw .git(error) }
        return String(ident.prefix { $0 != "<" }).trimming(" ")
    }

    /// Every sign-off recorded in the history of the checked-out commit.
    public func recordedSignOffs() throws(PublishError) -> [SignOffRecord] {
        do { return try SignOffLog.read(git, at: try git.commit("HEAD")) } catch { throw .git(error) }
    }
}

/// The sign-offs a repository records, for `site --repo`: read-only, no lock taken.
public enum SignOffRecords {
    public static func read(repository: String) throws(PublishError) -> [SignOffRecord] {
        do {
            let git = try Git.open(repository)
            return try SignOffLog.read(git, at: try git.commit("HEAD"))
        } catch {
            throw .git(error)
        }
    }
}
