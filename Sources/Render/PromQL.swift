import Plan
import Units

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
        /// `$NAME`, a Grafana dashboard variable.
        case variable(String)
    }

    struct Matcher: Sendable, Equatable {
        var label: String
        var op: MatchOperator
        var value: MatchValue
    }

    enum Operator: Sendable, Equatable {
        case divide, multiply
        /// `or on()`: the left side where it has a sample, else the right side's.
        case orIgnoringLabels
        /// Comparisons filter: a sample that does not compare true (NaN never does) is dropped.
        case greater, greaterOrEqual, less, lessOrEqual

        var text: String {
            switch self {
            case .divide: "/"
            case .multiply: "*"
            case .orIgnoringLabels: "or on()"
            case .greater: ">"
            case .greaterOrEqual: ">="
            case .less: "<"
            case .lessOrEqual: "<="
            }
        }
    }

    case selector(metric: String, matchers: [Matcher], range: String?)
    case call(String, [PromQL])
    case sumBy([String], PromQL)
    case number(Double)
    case binary(Operator, PromQL, PromQL)
    /// Parentheses, written over several lines around a multi-line expression.
    case group(PromQL)
    /// A query the spec wrote, used as it is (in parentheses where it is an operand).
    case raw(String)

    static func rate(_ metric: String, _ matchers: [Matcher], window: String) -> PromQL {
        .call("rate", [.selector(metric: metric, matchers: matchers, range: window)])
    }

    /// `numerator / denominator` where an absent numerator counts as 0, but only while the
    /// denominator has a sample: "traffic and no errors" is 0, while "no traffic" stays an
    /// empty result (and 0/0 is NaN), which the conditions treat as no data.
    static func ratioDefaultingToZero(_ numerator: PromQL, over denominator: PromQL) -> PromQL {
        .binary(
            .divide,
            .group(.binary(.orIgnoringLabels, numerator, .binary(.multiply, .number(0), denominator))),
            denominator)
    }

    var text: String {
        switch self {
        case .selector(let metric, let matchers, let range):
            let body = matchers.map { "\($0.label)\($0.op.rawValue)\(Self.quote($0.value))" }.joined(separator: ",")
            return metric + (matchers.isEmpty ? "" : "{\(body)}") + (range.map { "[\($0)]" } ?? "")
        case .call(let name, let arguments):
            return name + "(" + arguments.map(\.text).joined(separator: ", ") + ")"
        case .sumBy(let labels, let inner):
            return "sum by (" + labels.joined(separator: ", ") + ") (" + inner.text + ")"
        case .number(let value):
            return PlainDecimal.text(value)
        case .binary(.multiply, let lhs, let rhs):
            return lhs.text + " * " + rhs.text
        case .binary(let op, let lhs, .number(let bound)) where [.greater, .greaterOrEqual, .less, .lessOrEqual].contains(op):
            return lhs.text + "\n" + op.text + " " + PlainDecimal.text(bound)
        case .binary(let op, let lhs, let rhs):
            return lhs.text + "\n" + op.text + "\n" + rhs.text
        case .group(let inner):
            let lines = inner.text.split(separator: "\n", omittingEmptySubsequences: false)
            return "(\n" + lines.map { "  " + $0 }.joined(separator: "\n") + "\n)"
        case .raw(let text):
            return text
        }
    }

    /// A PromQL double-quoted string: backslash, quote and control characters escaped.
    static func quote(_ value: MatchValue) -> String {
        switch value {
        case .argument(let name): return "\"{{args.\(name)}}\""
        case .variable(let name): return "\"$\(name)\""
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
}
