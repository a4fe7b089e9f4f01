/// An approval recorded in the GitOps repository's history: who signed which point of which
/// migration, in which role, for which generated files (the digest the runbook shows).
public struct SignOffRecord: Sendable, Equatable {
    public var migration: String
    /// `hold-50`, `point-of-no-return` or `declare-success`, as the runbook names them
    /// (`SignOffPoint.ID.recorded`; records from earlier releases say `contract`).
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
    /// Which point: recorded in commit trailers and pages by its `recorded` name.
    public enum ID: Sendable, Hashable {
        /// Promotion past the hold at this weight.
        case hold(weight: Int)
        case declareSuccess
        case pointOfNoReturn

        /// As the records and the runbook name it: `hold-50`, `declare-success`, `point-of-no-return`.
        public var recorded: String {
            switch self {
            case .hold(let weight): "hold-\(weight)"
            case .declareSuccess: "declare-success"
            case .pointOfNoReturn: "point-of-no-return"
            }
        }

        /// As a person types it after `--at`: `50`, `success`, `point-of-no-return`.
        public var argument: String {
            switch self {
            case .hold(let weight): String(weight)
            case .declareSuccess: "success"
            case .pointOfNoReturn: "point-of-no-return"
            }
        }

        /// A recorded name, or what a person types after `--at` (`50`, `50%`, `success`,
        /// `point-of-no-return`; `contract` is the name earlier releases recorded).
        public init?(_ text: String) {
            let lowered = text.lowercased()
            switch lowered {
            case "success", "declare-success": self = .declareSuccess
            case "point-of-no-return", "contract": self = .pointOfNoReturn
            default:
                var weight = Substring(lowered)
                if weight.hasPrefix("hold-") { weight = weight.dropFirst(5) }
                if weight.hasSuffix("%") { weight = weight.dropLast() }
                guard !weight.isEmpty, weight.allSatisfy(\.isASCII), let value = Int(weight), (1...100).contains(value) else { return nil }
                self = .hold(weight: value)
            }
        }
    }

    public var id: ID
    public var roles: [String]

    public init(id: ID, roles: [String]) {
        self.id = id
        self.roles = roles
    }
}

extension CheckedPlan {
    /// Every point that waits for a sign-off: each hold, declaring the cutover a success, and the
    /// point of no return (when the migration has one).
    public var signOffPoints: [SignOffPoint] {
        var points = rollout.holds.compactMap { step in step.hold.map { SignOffPoint(id: .hold(weight: step.weight), roles: $0.signOff) } }
        points.append(SignOffPoint(id: .declareSuccess, roles: migration.owners))
        if pointOfNoReturn != nil {
            points.append(SignOffPoint(id: .pointOfNoReturn, roles: migration.owners))
        }
        return points
    }

    public func signOffPoint(_ id: SignOffPoint.ID) -> SignOffPoint? { signOffPoints.first { $0.id == id } }
}
