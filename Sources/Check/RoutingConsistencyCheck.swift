import Diagnostics
import Plan
import Spec

/// The analysis must measure the pods the routing sends canary traffic to, and every argument
/// a query uses must be one the Rollout passes (Argo Rollouts' own lint does not look inside
/// AnalysisTemplates).
enum RoutingConsistencyCheck: Check {
    /// The arguments the generated Rollout passes to the AnalysisTemplate.
    static let suppliedArguments = ["canary", "stable", "namespace"]

    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics) {
        let spec = context.spec
        let names = context.plan.names
        let prometheus = spec.prometheus
        if spec.traffic.routing.value == .subset, names.canaryLabel == prometheus.serviceLabel {
            diagnostics.append(CheckMessages.subsetRoutingSelectsByService(
                label: names.canaryLabel, service: names.stableService,
                at: prometheus.canaryLabel?.range ?? spec.traffic.routing.range))
        }
        for metric in prometheus.metrics {
            let query = metric.query.value
            var usesCanary = false
            for use in ArgumentScanner.arguments(in: query) {
                if use.name == "canary" { usesCanary = true }
                guard !suppliedArguments.contains(use.name) else { continue }
                let range = QueryLocator.range(ofOffset: use.offset, length: use.length, in: metric.query, source: context.source)
                diagnostics.append(CheckMessages.unknownArgument(use.name, supplied: suppliedArguments, at: range))
            }
            if !usesCanary {
                diagnostics.append(CheckMessages.metricIgnoresCanary(metric.name))
            }
        }
    }
}

/// Finds `{{args.NAME}}` placeholders, as Argo Rollouts substitutes them.
enum ArgumentScanner {
    struct Use {
        var name: String
        /// Offset and length in Unicode scalars within the query text.
        var offset: Int
        var length: Int
    }

    static func arguments(in text: String) -> [Use] {
        let scalars = Array(text.unicodeScalars)
        var uses: [Use] = []
        var index = 0
        while index + 1 < scalars.count {
            guard scalars[index] == "{", scalars[index + 1] == "{" else { index += 1; continue }
            var end = index + 2
            while end + 1 < scalars.count, !(scalars[end] == "}" && scalars[end + 1] == "}") { end += 1 }
            guard end + 1 < scalars.count else { break }
            let inner = String(String.UnicodeScalarView(scalars[(index + 2)..<end])).filter { !$0.isWhitespace }
            if inner.hasPrefix("args.") {
                uses.append(Use(name: String(inner.dropFirst(5)), offset: index, length: end + 2 - index))
            }
            index = end + 2
        }
        return uses
    }
}

/// Maps an offset inside a scalar's text back to the spec file, so a problem inside a
/// multi-line PromQL block is reported at its own line and column.
enum QueryLocator {
    static func range(ofOffset offset: Int, length: Int, in value: Located<String>, source: SourceFile?) -> SourceRange {
        let start = value.range.start
        guard let source, let firstLine = source.line(start.line) else { return value.range }
        let textBefore = Array(value.value.unicodeScalars.prefix(offset))
        let lineInText = textBefore.count { $0 == "\n" }
        let columnInLine = textBefore.count - (textBefore.lastIndex(of: "\n").map { $0 + 1 } ?? 0)
        let indicator = firstLine.unicodeScalars.dropFirst(start.column - 1).first
        let location: SourceLocation
        if indicator == "|" {
            // Literal block: text line i is source line start+1+i, after the block's indentation.
            let line = start.line + 1 + lineInText
            guard let content = source.line(start.line + 1) else { return value.range }
            let indent = content.unicodeScalars.prefix { $0 == " " }.count
            location = SourceLocation(line: line, column: indent + columnInLine + 1)
        } else if lineInText == 0, indicator != ">" {
            let quoteWidth = indicator == "\"" || indicator == "'" ? 1 : 0
            location = SourceLocation(line: start.line, column: start.column + quoteWidth + columnInLine)
        } else {
            return value.range
        }
        return SourceRange(path: value.range.path, start: location,
                           end: SourceLocation(line: location.line, column: location.column + length))
    }
}
