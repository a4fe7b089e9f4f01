/// Scalar resolution by the YAML 1.2 core schema (so `NO` and `on` stay strings), and the
/// inverse question an emitter must ask: would a plain scalar read back as this string under
/// the YAML 1.1 rules many Kubernetes tools still use, or under 1.2?
public enum CoreSchema {
    public static func resolve(plain text: String) -> ResolvedScalar {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        // Numbers start with a digit, a sign or a point; anything else is a string.
        guard let first = text.utf8.first, (0x30...0x39).contains(first) || first == 0x2B || first == 0x2D || first == 0x2E else {
            return .string(text)
        }
        if let value = integer(text) { return .int(value) }
        if isFloat(text), let value = Double(text) { return .float(value) }
        return .string(text)
    }

    private static func integer(_ text: String) -> Int? {
        if text.hasPrefix("0o"), text.count > 2 { return Int(text.dropFirst(2), radix: 8) }
        if text.hasPrefix("0x"), text.count > 2 { return Int(text.dropFirst(2), radix: 16) }
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    /// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
    private static func isFloat(_ text: String) -> Bool {
        var chars = Substring(text)
        if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
        let mantissa = chars.prefix { $0 != "e" && $0 != "E" }
        let exponent = chars.dropFirst(mantissa.count)
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return false }
        if parts.count == 1 && parts[0].isEmpty { return false }
        if parts.count == 2 && parts[0].isEmpty && parts[1].isEmpty { return false }
        if !exponent.isEmpty {
            var digits = exponent.dropFirst()
            if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
            return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
        }
        return true
    }

    /// True when writing `text` as a plain scalar would make some reader (YAML 1.1 or 1.2) take
    /// it for something other than this string: null, a boolean (`yes`, `off`, `y`), a number in
    /// any base or with underscores, a sexagesimal, a timestamp, `<<` or `=`. Errs on the side
    /// of quoting: a needlessly quoted string costs nothing.
    public static func plainWouldChangeType(_ text: String) -> Bool {
        // Every special word is at most five bytes, and every number starts with a digit, a
        // sign or a point: most scalars of a manifest are decided here, without the rules below.
        if let first = text.utf8.first, text.utf8.count > 5, !(0x30...0x39).contains(first), first != 0x2B, first != 0x2D, first != 0x2E {
            return false
        }
        if case .string = resolve(plain: text) {} else { return true }
        switch text.lowercased() {
        case "y", "n", "yes", "no", "on", "off", "<<", "=": return true
        default: break
        }
        guard let first = text.unicodeScalars.first else { return true }
        if "0123456789+-.".unicodeScalars.contains(first) {
            let numeric = "0123456789abcdefABCDEFxXoObB_.:+-eE TtZz"
            return text.unicodeScalars.allSatisfy { numeric.unicodeScalars.contains($0) }
        }
        return false
    }
}
