import Diagnostics
public import JSON

/// The kinds of text a field can hold; each has one validation rule, shared by the decoder,
/// the JSON Schema (as a pattern) and the docs.
public enum TextKind: String, Sendable, CaseIterable {
    case text, markdown, command, promql, condition, sql
    /// A Kubernetes object name that must also be a file-safe path segment (RFC 1123 label).
    case dnsLabel
    /// A Kubernetes Service name (RFC 1035 label: starts with a letter).
    case serviceName
    case hostname
    case url
    case metricName
    case labelName
    case sqlIdentifier
    case flagKey
    case image
    /// A Kubernetes label key: an optional DNS-subdomain prefix and `/`, then a name.
    case kubernetesLabelKey
    /// A Kubernetes label value: empty, or up to 63 letters, digits, '-', '_' and '.'.
    case kubernetesLabelValue
    /// An environment variable name, as Kubernetes accepts it.
    case environmentName
    /// An environment variable's value: any text, line breaks included (a certificate, a
    /// multi-line setting), which the manifest emitter quotes.
    case environmentValue
    /// When a data step runs: `before-rollout`, `N%` or `after-rollout`.
    case moment

    /// What the docs and "expected ..." messages call this kind.
    public var title: String {
        switch self {
        case .text: "string"
        case .markdown: "Markdown"
        case .command: "shell command"
        case .promql: "PromQL expression"
        case .condition: "Argo Rollouts condition"
        case .sql: "SQL"
        case .dnsLabel: "DNS-1123 label"
        case .serviceName: "DNS-1035 label"
        case .hostname: "host name"
        case .url: "URL"
        case .metricName: "Prometheus metric name"
        case .labelName: "Prometheus label name"
        case .sqlIdentifier: "SQL identifier"
        case .flagKey: "feature flag key"
        case .image: "container image"
        case .kubernetesLabelKey: "Kubernetes label key"
        case .kubernetesLabelValue: "Kubernetes label value"
        case .environmentName: "environment variable name"
        case .environmentValue: "environment variable value"
        case .moment: "moment"
        }
    }

    /// The JSON Schema pattern (ECMA-262), or nil when any non-empty text is accepted.
    public var pattern: String? {
        switch self {
        case .dnsLabel: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
        case .serviceName: "^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$"
        case .hostname: "^(\\*\\.)?[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$"
        case .url: "^https?://[-A-Za-z0-9._~:!$&'()*+,;=%\\[\\]]+([/?#][-A-Za-z0-9._~:/?#\\[\\]@!$&'()*+,;=%]*)?$"
        case .metricName: "^[a-zA-Z_:][a-zA-Z0-9_:]*$"
        case .labelName: "^[a-zA-Z_][a-zA-Z0-9_]*$"
        case .sqlIdentifier: "^[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?$"
        case .flagKey: "^[A-Za-z0-9][A-Za-z0-9._:/-]*$"
        case .moment: "^(before-rollout|after-rollout|(100|[1-9][0-9]?)%)$"
        case .kubernetesLabelKey:
            "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$"
        case .kubernetesLabelValue: "^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$"
        case .environmentName: "^[-._a-zA-Z][-._a-zA-Z0-9]*$"
        default: nil
        }
    }

    /// Human-readable statement of the rule, used as the hint when a value breaks it.
    public var rule: String? {
        switch self {
        case .dnsLabel: "lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters"
        case .serviceName:
            "lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters"
        case .hostname: "lowercase DNS labels separated by '.', optionally starting with '*.'"
        case .url:
            "an http:// or https:// scheme, no credentials before the host, and URL characters only (no spaces, quotes or angle brackets: percent-encode them)"
        case .metricName: "letters, digits, '_' and ':', not starting with a digit"
        case .labelName: "letters, digits and '_', not starting with a digit"
        case .sqlIdentifier:
            "a plain identifier or schema.identifier: letters, digits and '_', not starting with a digit, at most 63 characters each"
        case .flagKey: "letters, digits and '.', '_', ':', '/', '-', starting with a letter or digit"
        case .moment: "'before-rollout', 'after-rollout', or a canary step's weight such as '50%'"
        case .kubernetesLabelKey:
            "an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit"
        case .kubernetesLabelValue: "up to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit"
        case .environmentName: "letters, digits, '-', '_' and '.', not starting with a digit"
        default: nil
        }
    }

    /// Kinds whose text may span lines (and hold tabs).
    public var allowsLineBreaks: Bool {
        switch self {
        case .markdown, .promql, .sql, .condition, .environmentValue: true
        default: false
        }
    }

    /// Kinds whose empty string is a value in its own right (free text, an empty label value).
    public var allowsEmpty: Bool {
        self == .text || self == .markdown || self == .kubernetesLabelValue || self == .environmentValue
    }

    /// Maximum length where Kubernetes or PostgreSQL imposes one.
    var maxLength: Int? {
        switch self {
        case .dnsLabel, .serviceName: 63
        case .hostname, .kubernetesLabelKey: 253
        case .kubernetesLabelValue: 63
        default: nil
        }
    }
}

/// The type of a field in the spec language.
public indirect enum FieldType: Sendable {
    case text(TextKind)
    case integer(min: Int, max: Int)
    case number(min: Double, max: Double?)
    /// A percentage, written `0.3%` or `0.3`; stored in percent units (0.3 means 0.3 %).
    case percent(max: Double)
    /// A duration such as `90s`, `2m`, `1h30m`, `500ms`, `3d`.
    case duration
    case boolean
    case choice([String])
    case object(ObjectType)
    case list(FieldType, minItems: Int)
    /// A mapping whose keys follow one text rule (label names, environment variables, columns).
    case dictionary(key: TextKind, value: FieldType)

    /// The type as the docs and "expected ..." messages name it.
    public var title: String {
        switch self {
        case .text(let kind): kind.title
        case .integer: "integer"
        case .number: "number"
        case .percent: "percentage"
        case .duration: "duration"
        case .boolean: "boolean"
        case .choice(let options): "one of " + options.map { "'\($0)'" }.joined(separator: ", ")
        case .object(let object): object.name
        case .list(let element, _): "list of \(element.title)"
        case .dictionary(let key, let element): "map of \(key.title) to \(element.title)"
        }
    }
}

/// Where a field's value comes from when the spec leaves it out.
public enum DefaultValue: Sendable {
    case none
    /// A literal, applied by the decoder (so every later stage sees it).
    case literal(JSONValue)
    /// Computed from other fields by the planner; the text says how, for the docs.
    case derived(String)
}

public struct Field: Sendable {
    public var name: String
    public var type: FieldType
    public var required: Bool
    public var defaultValue: DefaultValue
    public var summary: String
    public var example: String?

    public init(
        _ name: String, _ type: FieldType, required: Bool = false, default defaultValue: DefaultValue = .none,
        example: String? = nil, _ summary: String
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.summary = summary
        self.example = example
    }
}

/// A rule across the fields of one object that a per-field type cannot say.
public enum FieldGroupRule: Sendable {
    case exactlyOne([String])
    case atLeastOne([String])
}

public final class ObjectType: Sendable {
    public let name: String
    public let summary: String
    public let fields: [Field]
    public let rules: [FieldGroupRule]

    public init(_ name: String, _ summary: String, rules: [FieldGroupRule] = [], fields: [Field]) {
        self.name = name
        self.summary = summary
        self.fields = fields
        self.rules = rules
    }

    public func field(_ name: String) -> Field? {
        fields.first { $0.name == name }
    }
}
