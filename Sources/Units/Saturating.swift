extension Int {
    /// The nearest Int to a computed value, NaN as 0 and out-of-range values clamped: spec
    /// numbers reach arithmetic unbounded above (a peak of 1e300 requests per second) and below
    /// (1e-12), and a conversion must never trap on them.
    public init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9.2e18 {
            self = .max
        } else if value <= -9.2e18 {
            self = .min
        } else {
            self = Int(value)
        }
    }
}
