import Units
import YAML

/// The rules scalars of each kind must follow, written out by hand (no regex engine at run
/// time) and mirrored by `TextKind.pattern` in the JSON Schema; a test keeps the two in step.
enum ScalarRules {
    static func problem(with text: String, as kind: TextKind) -> String? {
        if text.isEmpty, !kind.allowsEmpty { return "it is empty" }
        if let limit = kind.maxLength, text.count > limit { return "it is longer than \(limit) characters" }
        let ok: Bool =
            switch kind {
            case .text, .markdown, .command, .promql, .condition, .sql, .environmentValue: true
            case .image: !text.contains(where: \.isWhitespace)
            case .dnsLabel: isLabel(text[...], firstMustBeLetter: false)
            case .serviceName: isLabel(text[...], firstMustBeLetter: true)
            case .hostname: isHostname(text)
            // RFC 3986 characters only: a runbook link can then never carry quotes or markup.
            case .url: isURL(text)
            case .metricName: isIdentifier(text, extra: ":", firstExtra: ":")
            case .labelName: isIdentifier(text, extra: "", firstExtra: "")
            case .sqlIdentifier:
                text.split(separator: ".", omittingEmptySubsequences: false).count <= 2
                    && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
                        $0.count <= 63 && isIdentifier(String($0), extra: "", firstExtra: "")
                    }
            case .flagKey: isFlagKey(text)
            case .moment: Moment(text) != nil
            case .kubernetesLabelKey: isKubernetesLabelKey(text)
            case .kubernetesLabelValue: text.isEmpty || isKubernetesName(text[...])
            case .environmentName: isIdentifier(text, extra: "-.", firstExtra: "-.")
            }
        guard !ok else { return nil }
        return specificProblem(text, kind) ?? "it does not follow the rule below"
    }

    /// The first concrete thing wrong with a name, so the message says what to change.
    private static func specificProblem(_ text: String, _ kind: TextKind) -> String? {
        switch kind {
        case .url:
            let authority = text.drop { $0 != "/" }.dropFirst(2).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            return authority.contains("@") ? "it carries credentials before the host; keep them in a Secret, never in a spec" : nil
        case .dnsLabel, .serviceName, .hostname:
            if text.contains(where: \.isUppercase) { return "it has uppercase letters" }
            if let bad = text.first(where: { !(isLower($0) || isDigit($0) || $0 == "-" || (kind == .hostname && ($0 == "." || $0 == "*"))) }
            ) {
                return bad == " " ? "it contains a space" : "it contains '\(bad)'"
            }
            if kind == .serviceName, let first = text.first, !isLower(first) { return "it does not start with a letter" }
            if text.hasPrefix("-") || text.hasSuffix("-") { return "it starts or ends with '-'" }
            return nil
        default:
            return nil
        }
    }

    /// RFC 3986 characters only (a runbook link can then never carry quotes or markup), and no
    /// user information: a credential in a spec would reach manifests, logs and the runbook.
    private static func isURL(_ text: String) -> Bool {
        guard let scheme = ["http://", "https://"].first(where: text.hasPrefix) else { return false }
        let rest = text.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        func urlCharacter(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || "-._~:/?#[]@!$&'()*+,;=%".contains(c)) }
        return !authority.isEmpty && authority.allSatisfy { urlCharacter($0) && $0 != "@" } && rest.allSatisfy(urlCharacter)
    }

    private static func isLower(_ c: Character) -> Bool { c >= "a" && c <= "z" }
    private static func isDigit(_ c: Character) -> Bool { c >= "0" && c <= "9" }

    static func isLabel(_ text: Substring, firstMustBeLetter: Bool) -> Bool {
        guard let first = text.first, let last = text.last, text.count <= 63 else { return false }
        guard isLower(first) || (!firstMustBeLetter && isDigit(first)) else { return false }
        guard isLower(last) || isDigit(last) else { return false }
        return text.allSatisfy { isLower($0) || isDigit($0) || $0 == "-" }
    }

    private static func isHostname(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("*.") { body = body.dropFirst(2) }
        return body.split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
            isLabel($0, firstMustBeLetter: false)
        }
    }

    private static func isIdentifier(_ text: String, extra: String, firstExtra: String) -> Bool {
        guard let first = text.first else { return false }
        func letter(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c == "_") }
        guard letter(first) || firstExtra.contains(first) else { return false }
        return text.allSatisfy { letter($0) || isDigit($0) || extra.contains($0) }
    }

    /// `[prefix/]name`: a DNS subdomain prefix, then a name of at most 63 characters.
    private static func isKubernetesLabelKey(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard let name = parts.last, parts.count <= 2, isKubernetesName(name) else { return false }
        guard parts.count == 2 else { return true }
        return parts[0].count <= 253
            && parts[0].split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
                isLabel($0, firstMustBeLetter: false)
            }
    }

    /// A Kubernetes label name or value: alphanumerics at both ends, '-', '_' and '.' between.
    private static func isKubernetesName(_ text: Substring) -> Bool {
        guard let first = text.first, let last = text.last, text.count <= 63 else { return false }
        func alphanumeric(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }
        return alphanumeric(first) && alphanumeric(last) && text.allSatisfy { alphanumeric($0) || "-_.".contains($0) }
    }

    private static func isFlagKey(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter || isDigit(first) else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || isDigit($0) || "._:/-".contains($0)) }
    }

    static func number(_ scalar: YAMLScalar) -> Double? {
        switch scalar.resolved {
        case .int(let number): Double(number)
        case .float(let number): number
        default: nil
        }
    }

    /// `0.3%` (a string, since `%` is not part of a YAML number) or a bare `0.3`.
    static func percent(_ scalar: YAMLScalar) -> Double? {
        if let number = number(scalar) { return number }
        guard case .string(let text) = scalar.resolved, text.hasSuffix("%") else { return nil }
        let digits = text.dropLast()
        guard !digits.isEmpty, digits.allSatisfy({ isDigit($0) || $0 == "." }) else { return nil }
        return Double(digits)
    }
}
