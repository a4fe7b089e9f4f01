/// A small typed PromQL expression tree. Queries are built from it and serialised in one
/// place, where every label value is written as an escaped PromQL string.
indirect enum PromQL: Sendable, Equatable {
    enum MatchOperator: String, Sendable {
        case equal = "="
        case regexMatch = "=~"
    }

    enum MatchValue: Sendable, Equatable {
        case literal(String)
        /// `{{args.NAME}}`, substituted by Argo Rollouts at run time.
        case argument(String)
    }

    struct Matcher: Sendable, Equatable {
        var label: String
        var op: MatchOperator
        var value: MatchValue
    }

    case selector(metric: String, matchers: [Matcher], range: String?)
    case call(String, [PromQL])
    case sumBy([String], PromQL)
    case number(Double)
    case binary(String, PromQL, PromQL)

    static func rate(_ metric: String, _ matchers: [Matcher], window: String) -> PromQL {
        .call("rate", [.selector(metric: metric, matchers: matchers, range: window)])
    }

    var text: String {
        switch self {
        case let .selector(metric, matchers, range):
            let body = matchers.map { "\($0.label)\($0.op.rawValue)\(Self.quote($0.value))" }.joined(separator: ",")
            return metric + (matchers.isEmpty ? "" : "{\(body)}") + (range.map { "[\($0)]" } ?? "")
        case let .call(name, arguments):
            return name + "(" + arguments.map(\.text).joined(separator: ", ") + ")"
        case let .sumBy(labels, inner):
            return "sum by (" + labels.joined(separator: ", ") + ") (" + inner.text + ")"
        case .number(let value):
            return Self.decimal(value)
        case let .binary(op, lhs, rhs):
            return lhs.text + "\n" + op + "\n" + rhs.text
        }
    }

    /// A PromQL double-quoted string: backslash, quote and control characters escaped.
    static func quote(_ value: MatchValue) -> String {
        switch value {
        case .argument(let name): return "\"{{args.\(name)}}\""
        case .literal(let text):
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\\": out += "\\\\"
                case "\"": out += "\\\""
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                    out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
    }

    /// Decimal notation without float noise (0.003, not 0.0030000000000000005).
    static func decimal(_ value: Double) -> String {
        let rounded = (value * 1e12).rounded() / 1e12
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int(rounded)) }
        var text = String(rounded)
        if text.contains("e"), abs(rounded) < 1 {
            // Spell out small numbers: PromQL and Argo's expr both read plain decimals.
            var digits = String(Int((rounded * 1e12).rounded()))
            let negative = digits.hasPrefix("-")
            if negative { digits.removeFirst() }
            digits = String(repeating: "0", count: max(0, 13 - digits.count)) + digits
            let whole = digits.dropLast(12), fraction = digits.suffix(12)
            text = (negative ? "-" : "") + whole + "." + fraction
            while text.hasSuffix("0") { text.removeLast() }
        }
        return text
    }
}
