public import Plan

/// What a sign-off approves, in the words the runbook, `sign-off` and `check-repo` share.
public enum SignOffWording {
    /// `promote past 50%`, `declare the cutover a success`, `pass the point of no return (…)`.
    public static func what(_ point: SignOffPoint.ID, in plan: CheckedPlan) -> String {
        switch point {
        case .hold(let weight): return "promote past \(weight)%"
        case .declareSuccess: return "declare the cutover a success"
        case .pointOfNoReturn:
            let step: String =
                switch plan.pointOfNoReturn {
                case .oldStoreRetired(let store): "the release that stops writing \(store)"
                case .contract(let file): file
                case nil: "the contract"
                }
            return "pass the point of no return (\(step))"
        }
    }
}
