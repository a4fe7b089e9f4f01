/// Percentages as people write them (`0.3%`, `5%`, `99.95%`): the one formatter of every
/// message, runbook and printed plan, to four decimals.
public enum Percent {
    public static func text(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return PlainDecimal.text(value) + "%" }
        let rounded = (value * 10_000).rounded() / 10_000
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + "%"
    }
}
