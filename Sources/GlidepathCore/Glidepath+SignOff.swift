import Diagnostics
public import Files
import Plan
public import Publish
import Render

/// `glidepath sign-off`: an approval of one point of a migration, recorded as a commit in the
/// GitOps repository and bound to the digest of the files it approves; and the approvals a
/// pull-request gate requires.
extension Glidepath {
    public struct SignOffRequest: Sendable {
        /// A hold point's weight (`50`, `50%`), `success`, or `point-of-no-return` (`contract`).
        public var at: String
        public var role: String?
        /// Nil: git's author name.
        public var signer: String?
        public var publish: PublishRequest

        public init(at: String, role: String? = nil, signer: String? = nil, publish: PublishRequest) {
            self.at = at
            self.role = role
            self.signer = signer
            self.publish = publish
        }
    }

    public static func signOffCommand(
        path: String, options: RepositoryOptions, request: SignOffRequest, format: OutputFormat, colors: Bool,
        fileSystem: FileSystem = .live
    ) -> CommandResult {
        // Load and check the one spec, named as the repository names it.
        let repository = RepositoryView.inspect(
            options, branch: request.publish.branch, workTree: false, generator: generator, fileSystem: fileSystem)
        var (specs, _, result) = checkForRepository(
            [path], in: repository, vouch: false, format: format, colors: colors, fileSystem: fileSystem)
        guard result.exitCode == 0, let plan = specs.first?.plan else { return result }
        do throws(EnvironmentError) {
            let point = try signOffPoint(request.at, of: plan)
            let role = try signOffRole(request.role, of: point, in: plan)
            let digest = RunbookRenderer.artifactsDigest(try EnvironmentError.rendering { () throws(RenderError) in try generate(plan) })
            // Render the runbook with the new approval, and publish it as one commit.
            let outcome = try EnvironmentError.publishing { () throws(PublishError) -> (PublishOutcome, String, String) in
                let (publisher, recovered) = try repository.open()
                if let recovered { result.errors += "glidepath: \(recovered)\n" }
                let named: String
                if let given = request.signer { named = given } else { named = try publisher.signerName() }
                let signer = try plainValue(named, flag: "as", rule: "a name on one line")
                let record = SignOffRecord(
                    migration: plan.names.migration, point: point.id.recorded, role: role, signer: signer, artifactsDigest: digest,
                    commit: "", date: "")
                var publish = request.publish
                publish.signOff = record
                let render = repository.render(specs, signOff: record, with: migrationRendering(fileSystem: fileSystem))
                return (try publisher.publish(publish, render: render), signer, publisher.git.root)
            }
            let (published, signer, root) = outcome
            let what =
                "\(plan.names.migration) \(SignOffWording.what(point.id, in: plan)) as \(role), by \(signer), for files \(digest.prefix(12))"
            if let commit = published.commit {
                result.output += "signed off \(what): commit \(commit.prefix(12)) on \(published.branch)"
                result.output += request.publish.push ? ", pushed to \(request.publish.remote)\n" : "\n"
            } else {
                result.output += "already recorded in \(root): \(what)\n"
            }
            result.errors += published.notes.map { "glidepath: \($0)\n" }.joined()
        } catch {
            result.fail(error)
        }
        result.errors = Redaction.redact(result.errors)
        return result
    }

    /// `50`, `50%`: a hold; `success`; `point-of-no-return` (or `contract`).
    static func signOffPoint(_ at: String, of plan: CheckedPlan) throws(EnvironmentError) -> SignOffPoint {
        guard let id = SignOffPoint.ID(at), let point = plan.signOffPoint(id) else {
            throw .invalidArgument(
                "--at '\(UnsafeCharacters.escaped(at))' is not a sign-off point of \(plan.names.migration): one of "
                    + plan.signOffPoints.map(\.id.argument).joined(separator: ", "))
        }
        return point
    }

    static func signOffRole(_ role: String?, of point: SignOffPoint, in plan: CheckedPlan) throws(EnvironmentError) -> String {
        let what = SignOffWording.what(point.id, in: plan)
        let migration = plan.names.migration
        if let role {
            guard point.roles.contains(role) else {
                throw .invalidArgument(
                    "--role '\(UnsafeCharacters.escaped(role))' does not sign \(what) of \(migration): "
                        + point.roles.map { "'\($0)'" }.joined(separator: ", ") + " do")
            }
            return role
        }
        guard point.roles.count == 1, let only = point.roles.first else {
            throw .invalidArgument(
                "\(what) of \(migration) is signed by " + point.roles.map { "'\($0)'" }.joined(separator: ", ")
                    + ": name yours with --role")
        }
        return only
    }

    /// A value recorded in a commit trailer and shown on a page: one line, no control text.
    static func plainValue(_ value: String, flag: String, rule: String) throws(PublishError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, UnsafeCharacters.first(in: trimmed, multiline: false) == nil, !trimmed.contains(":") || flag != "as"
        else {
            throw .invalidFlag(flag: flag, value: UnsafeCharacters.escaped(value), rule: rule)
        }
        return trimmed
    }

    /// For `check-repo --require-sign-off AT`: the roles of each point that have not approved
    /// the files the specs give now, as lines for the user.
    static func missingSignOffs(_ plans: [CheckedPlan], required: [String], records: [SignOffRecord]) throws(EnvironmentError) -> [String] {
        var missing: [String] = []
        for plan in plans {
            let digest = RunbookRenderer.artifactsDigest(try EnvironmentError.rendering { () throws(RenderError) in try generate(plan) })
            for at in required {
                guard let point = try? signOffPoint(at, of: plan) else { continue }
                let signed = Set(
                    records.filter {
                        $0.migration == plan.names.migration && SignOffPoint.ID($0.point) == point.id && $0.artifactsDigest == digest
                    }.map(
                        \.role))
                let waiting = point.roles.filter { !signed.contains($0) }
                if !waiting.isEmpty {
                    missing.append(
                        "\(plan.names.migration): \(SignOffWording.what(point.id, in: plan)) has no sign-off for files \(digest.prefix(12)) by "
                            + waiting.map { "'\($0)'" }.joined(separator: ", "))
                }
            }
        }
        return missing
    }
}
