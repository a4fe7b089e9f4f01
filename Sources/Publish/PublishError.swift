import Diagnostics
public import Files

/// Why writing output or publishing failed, as data: the disk, git or the network failed, or
/// glidepath refused to clobber someone's work. `description` words every case, in this one
/// place.
public enum PublishError: Error, Sendable, CustomStringConvertible {
    // The output folder of `compile` and `site`.
    case outputNotOurs(folder: String)
    case outputLeftoverNotOurs(String)
    case outputNotAFolder(String)
    case pathOutsideOutput(String)
    case cannotWriteOutput(folder: String, reason: String)

    // The repository.
    case git(GitError)
    /// Paths publish will not touch, every one of them.
    case refused([Conflict])
    case invalidLayout(template: String, problem: String)
    case unsafeLayoutFolder(template: String, folder: String, migration: String)
    case damagedLock(path: String, why: String)
    case damagedJournal(path: String, reason: String)
    case cannotRecordJournal(path: String, reason: String)
    case cannotWriteNewFiles(root: String, reason: String)
    /// The branch moved (or git failed) before anything visible changed.
    case branchMovedUnderfoot(GitError)
    case cannotFinishInterrupted(GitError)
    /// The commit is made; the work tree is behind it and the next command finishes it.
    case workTreeBehind(reason: String)
    /// The commit is made; a link stopped the work tree's update and the journal was dropped.
    case workTreeLeftBehindLink(ref: String, commit: String, refusal: LinkRefusal, root: String, folders: [String])
    case invalidBranch(String)
    case detachedHead(root: String)
    case notARemote(String, root: String)
    case remoteKeptMoving(remote: String, branch: String, attempts: Int)
    case diverged(branch: String, remote: String, root: String)
    case cannotLock(folder: String, reason: String)
    case busy(root: String)
    case invalidFlag(flag: String, value: String, rule: String)
    case noRepositoryURL
    case render(String)
    /// A sign-off approves what is published; these files of the migration are not.
    case signOffOfUnpublished(migration: String, paths: [String])
    /// The commit this publish builds on has never published the migration, and the spec is at
    /// its new version: Argo Rollouts would create the Rollout at 100% with no canary steps.
    case firstPublishSkipsCanary(migration: String, spec: String)
    /// `data.runContract` without every role's approval of the point of no return.
    case contractWithoutSignOff(migration: String, waiting: [String])

    /// A refusal to overwrite someone's work (hand edits, files glidepath never wrote, links),
    /// as opposed to a failure of the disk, git or the network.
    public var isRefusal: Bool {
        switch self {
        case .refused, .signOffOfUnpublished, .firstPublishSkipsCanary, .contractWithoutSignOff: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .outputNotOurs(let folder):
            return "\(folder) is not empty and was not written by glidepath; choose another --out or empty it"
        case .outputLeftoverNotOurs(let folder):
            return "\(folder) exists and was not written by glidepath; remove it or choose another --out"
        case .outputNotAFolder(let folder):
            return "\(folder) exists and is not a folder; choose another --out"
        case .pathOutsideOutput(let path):
            return "refusing to write '\(path)': it would land outside the output folder"
        case .cannotWriteOutput(let folder, let reason):
            return "cannot write \(folder): \(reason)"
        case .git(let error):
            return error.description
        case .refused(let conflicts):
            return Conflict.report(conflicts)
        case .invalidLayout(let template, let problem):
            return "layout '\(template)' \(problem)"
        case .unsafeLayoutFolder(let template, let folder, let migration):
            return "layout '\(template)' gives '\(folder)' for migration \(migration), which is not a safe relative path"
        case .damagedLock(let path, let why):
            // `why` quotes the lock, which arrives with pull requests: no control character of it reaches a terminal.
            return
                "\(path) is not a lock glidepath can read (\(UnsafeCharacters.escaped(why))); restore it from history: git checkout HEAD -- \(path)"
        case .damagedJournal(let path, let reason):
            return "\(path) is damaged (\(reason)); inspect git status, then delete it"
        case .cannotRecordJournal(let path, let reason):
            return "cannot write \(path): \(reason); nothing was changed"
        case .cannotWriteNewFiles(let root, let reason):
            return "cannot write the new files into \(root): \(reason); nothing was changed"
        case .branchMovedUnderfoot(let error):
            return error.description + "\n  nothing was changed"
        case .cannotFinishInterrupted(let error):
            return "cannot finish an interrupted publish: \(error.description)"
        case .workTreeBehind(let reason):
            return
                "the commit is made but the work tree is not fully updated: \(reason)\n  hint: run the command again; glidepath finishes the update first"
        case .workTreeLeftBehindLink(let ref, let commit, let refusal, let root, let folders):
            return """
                \(ref) is at \(commit.prefix(12)) (the commit is made), but the work tree was left partly updated: \(refusal)
                  glidepath dropped its journal and never writes through links
                  hint: remove the link, then bring the files to the commit: git -C \(root) checkout \(commit.prefix(12)) -- \(folders.joined(separator: " "))
                """
        case .invalidBranch(let branch):
            return "'\(branch)' is not a valid branch name (--branch)"
        case .detachedHead(let root):
            return "HEAD is detached in \(root): name the branch to publish to with --branch"
        case .notARemote(let remote, let root):
            return """
                '\(remote)' is not a remote of \(root) (--remote)
                  hint: git -C \(root) remote -v lists them; add one with git remote add NAME URL
                """
        case .remoteKeptMoving(let remote, let branch, let attempts):
            return """
                \(remote)/\(branch) kept moving: \(attempts) push attempts were rejected; nothing was pushed and the local branch is unchanged
                  hint: run the same command again; if it keeps failing, something pushes to \(branch) constantly
                """
        case .diverged(let branch, let remote, let root):
            return """
                the local \(branch) and \(remote)/\(branch) have diverged; glidepath publishes on top of one history only
                  hint: reconcile them first (git -C \(root) pull --rebase \(remote) \(branch)), then publish again
                """
        case .cannotLock(let folder, let reason):
            return "cannot open \(folder)/mutex: \(reason)"
        case .busy(let root):
            return "another glidepath command has held \(root) for two minutes; try again when it ends"
        case .invalidFlag(let flag, let value, let rule):
            return "--\(flag) '\(value)' is not \(rule)"
        case .noRepositoryURL:
            return """
                the Argo CD Application needs the URL Argo CD clones this repository from, and it has no remote 'origin'
                  hint: pass --repo-url URL (recorded in the lock for later runs), or --no-application
                """
        case .render(let message):
            return message
        case .contractWithoutSignOff(let migration, let waiting):
            return "\(migration) sets data.runContract, and the point of no return is not approved for these files: "
                + waiting.joined(separator: "; ")
                + "; record it with glidepath sign-off SPEC --repo REPO --at point-of-no-return --role ROLE, then publish again"
        case .firstPublishSkipsCanary(let migration, let spec):
            return "\(migration) is not published in the repository yet, and \(spec) sets workload.stage: canary: Argo Rollouts "
                + "would create its Rollout at the new version at 100% with no steps; publish it with workload.stage: baseline first"
        case .signOffOfUnpublished(let migration, let paths):
            return """
                the repository does not hold what the spec gives for \(migration) (\(paths.count) file\(paths.count == 1 ? "" : "s") differ, \(paths.first ?? "")); nothing was signed
                  hint: publish the spec first (glidepath publish), review it, then sign off: a sign-off approves what is published
                """
        }
    }
}
