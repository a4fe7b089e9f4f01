/// Decimal notation without float noise (0.003, not 0.0030000000000000005), as PromQL and
/// Argo's expression language read numbers.
public enum PlainDecimal {
    public static func text(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Inf" : "+Inf") }
        guard abs(value) < 1e15 else { return String(value) }
        let rounded = (value * 1e12).rounded() / 1e12
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(rounded)
        if text.contains("e"), abs(rounded) < 1 {
            var digits = String(Int((rounded * 1e12).rounded()))
            let negative = digits.hasPrefix("-")
            if negative { digits.removeFirst() }
            digits = String(repeating: "0", count: max(0, 13 - digits.count)) + digits
            let whole = digits.dropLast(12)
            let fraction = digits.suffix(12)
            text = (negative ? "-" : "") + whole + "." + fraction
            while text.hasSuffix("0") { text.removeLast() }
        }
        return text
    }
}
