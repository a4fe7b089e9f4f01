/// A point in the rollout at which a data step runs, in rollout order.
public enum Moment: Sendable, Hashable, Comparable, CustomStringConvertible {
    case beforeRollout
    /// At the canary step with this weight, before the rollout moves past it.
    case atWeight(Int)
    /// At 100%, before the soak period starts.
    case afterRollout

    public init?(_ text: String) {
        switch text {
        case "before-rollout": self = .beforeRollout
        case "after-rollout": self = .afterRollout
        default:
            guard text.hasSuffix("%"), let weight = Int(text.dropLast()), weight >= 1, weight <= 100,
                text.dropLast().first != "0", text.dropLast().allSatisfy({ $0.isASCII && $0.isNumber })
            else { return nil }
            self = .atWeight(weight)
        }
    }

    public var description: String {
        switch self {
        case .beforeRollout: "before-rollout"
        case .atWeight(let weight): "\(weight)%"
        case .afterRollout: "after-rollout"
        }
    }

    private var order: Int {
        switch self {
        case .beforeRollout: -1
        case .atWeight(let weight): weight
        case .afterRollout: 101
        }
    }

    public static func < (lhs: Moment, rhs: Moment) -> Bool { lhs.order < rhs.order }
}
