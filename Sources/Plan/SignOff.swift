/// An approval recorded in the GitOps repository's history: who signed which point of which
/// migration, in which role, for which generated files (the digest the runbook shows).
public struct SignOffRecord: Sendable, Equatable {
    public var migration: String
    /// `hold-50`, `contract` (the point of no return) or `declare-success`, as the runbook names them.
    public var point: String
    public var role: String
    public var signer: String
    /// The digest of the generated manifests and SQL it approves.
    public var artifactsDigest: String
    /// The commit that records it (empty for one not yet committed).
    public var commit: String
    /// The commit's date, ISO 8601.
    public var date: String

    public init(migration: String, point: String, role: String, signer: String, artifactsDigest: String, commit: String, date: String) {
        self.migration = migration
        self.point = point
        self.role = role
        self.signer = signer
        self.artifactsDigest = artifactsDigest
        self.commit = commit
        self.date = date
    }
}

/// The points of a plan a person signs off, with the roles that must sign.
public struct SignOffPoint: Sendable, Equatable {
    /// As the runbook and the records name it: `hold-50`, `contract`, `declare-success`.
    public var id: String
    public var roles: [String]
    /// For people: `promote past 50%`.
    public var what: String

    public init(id: String, roles: [String], what: String) {
        self.id = id
        self.roles = roles
        self.what = what
    }
}

extension CheckedPlan {
    /// Every point that waits for a sign-off: each hold, the point of no return (when the data
    /// plan has a contract phase), and declaring the cutover a success.
    public var signOffPoints: [SignOffPoint] {
        var points = rollout.holds.compactMap { step in
            step.hold.map { SignOffPoint(id: "hold-\(step.weight)", roles: $0.signOff, what: "promote past \(step.weight)%") }
        }
        points.append(SignOffPoint(id: "declare-success", roles: migration.owners, what: "declare the cutover a success"))
        if let contract = data?.phase(.contract) {
            points.append(SignOffPoint(id: "contract", roles: migration.owners, what: "pass the point of no return (\(contract.file))"))
        }
        return points
    }
}
