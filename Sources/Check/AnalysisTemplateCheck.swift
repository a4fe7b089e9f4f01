import Diagnostics
import Plan
import Spec
import Units

/// What Argo Rollouts does with the text glidepath puts into an AnalysisTemplate: it
/// substitutes every `{{...}}` in a metric (query, conditions, label values alike) and fails
/// the analysis run on any it cannot resolve; and glidepath wraps the spec's conditions in a
/// no-data guard, which needs them to be one balanced expression over `result[0]`.
enum AnalysisTemplateCheck: Check {
    /// The arguments the generated Rollout passes to the AnalysisTemplate.
    static let suppliedArguments = ["canary", "stable", "namespace"]

    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics) {
        let prometheus = context.spec.prometheus
        let locate = { (value: Located<String>, offset: Int, length: Int) in
            QueryLocator.range(ofOffset: offset, length: length, in: value, source: context.source)
        }
        for (label, value) in prometheus.extraMatchers {
            for placeholder in ArgoPlaceholders.scan(value.value) {
                diagnostics.append(
                    CheckMessages.placeholderOutsideQuery(
                        "the value of label '\(label)'", at: locate(value, placeholder.offset, placeholder.length)))
            }
        }
        for metric in prometheus.metrics {
            var usesCanary = false
            for placeholder in ArgoPlaceholders.scan(metric.query.value) {
                let range = locate(metric.query, placeholder.offset, placeholder.length)
                guard let tag = placeholder.tag, tag.hasPrefix("args.") else {
                    diagnostics.append(CheckMessages.placeholderNotAnArgument(placeholder.tag, at: range))
                    continue
                }
                let name = String(tag.dropFirst("args.".count))
                if name == "canary" { usesCanary = true }
                if !suppliedArguments.contains(name) {
                    diagnostics.append(CheckMessages.unknownArgument(name, supplied: suppliedArguments, at: range))
                }
            }
            if !usesCanary {
                diagnostics.append(CheckMessages.metricIgnoresCanary(metric.name))
            }
            let conditions = [metric.successCondition, metric.failureCondition].compactMap { $0 }
            for condition in conditions {
                for placeholder in ArgoPlaceholders.scan(condition.value) {
                    diagnostics.append(
                        CheckMessages.placeholderOutsideQuery(
                            "a condition", at: locate(condition, placeholder.offset, placeholder.length)))
                }
                if let problem = ConditionSyntax.problem(in: condition.value) {
                    diagnostics.append(
                        CheckMessages.conditionNotOneExpression(
                            problem.message, at: locate(condition, problem.offset, 1)))
                }
            }
            if !ConditionGuard.readsVector(conditions.map(\.value)) {
                diagnostics.append(CheckMessages.conditionUnguarded(metric.name, at: conditions.first?.range ?? metric.name.range))
            }
        }
    }
}

/// `{{...}}` placeholders as Argo Rollouts finds them (fasttemplate between `{{` and `}}`,
/// the tag trimmed of spaces).
enum ArgoPlaceholders {
    struct Placeholder {
        /// The trimmed tag, or nil when no `}}` closes it.
        var tag: String?
        /// Offset and length in Unicode scalars within the text.
        var offset: Int
        var length: Int
    }

    static func scan(_ text: String) -> [Placeholder] {
        let scalars = Array(text.unicodeScalars)
        var found: [Placeholder] = []
        var index = 0
        while index + 1 < scalars.count {
            guard scalars[index] == "{", scalars[index + 1] == "{" else {
                index += 1
                continue
            }
            var end = index + 2
            while end + 1 < scalars.count, !(scalars[end] == "}" && scalars[end + 1] == "}") { end += 1 }
            guard end + 1 < scalars.count else {
                found.append(Placeholder(tag: nil, offset: index, length: 2))
                break
            }
            let inner = String(String.UnicodeScalarView(scalars[(index + 2)..<end]))
            found.append(Placeholder(tag: inner.trimmingSpaces, offset: index, length: end + 2 - index))
            index = end + 2
        }
        return found
    }
}

/// Enough of the lexical structure of Argo's expression language to know that a condition
/// is one expression glidepath can wrap in parentheses: brackets balance outside string
/// literals, and no comment hides the closing parenthesis glidepath adds.
enum ConditionSyntax {
    struct Problem {
        var message: String
        var offset: Int
    }

    static func problem(in text: String) -> Problem? {
        let scalars = Array(text.unicodeScalars)
        var open: [(Unicode.Scalar, Int)] = []
        let pairs: [Unicode.Scalar: Unicode.Scalar] = [")": "(", "]": "[", "}": "{"]
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\"", "'", "`":
                var end = index + 1
                while end < scalars.count, scalars[end] != scalar {
                    end += scalars[end] == "\\" && scalar != "`" ? 2 : 1
                }
                guard end < scalars.count else { return Problem(message: "a string literal is not closed", offset: index) }
                index = end
            case "(", "[", "{":
                open.append((scalar, index))
            case ")", "]", "}":
                guard let last = open.popLast(), last.0 == pairs[scalar] else {
                    return Problem(message: "'\(scalar)' closes nothing", offset: index)
                }
            case "/" where index + 1 < scalars.count && (scalars[index + 1] == "/" || scalars[index + 1] == "*"):
                return Problem(message: "a comment would hide the rest of the condition", offset: index)
            default:
                break
            }
            index += 1
        }
        if let unclosed = open.last { return Problem(message: "'\(unclosed.0)' is not closed", offset: unclosed.1) }
        return nil
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text = text.dropFirst() }
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return String(text)
    }
}
