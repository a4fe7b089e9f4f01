import Foundation

/// Where a migration's folder goes in the GitOps repository: a path template such as
/// `apps/{service}/migrations/{name}`, checked once so every expansion is a safe relative path.
public struct Layout: Sendable, Equatable {
    public static let standard = "apps/{service}/migrations/{name}"
    static let placeholders = ["{service}", "{name}", "{namespace}"]

    public let template: String

    public init(_ template: String) throws(PublishError) {
        var rest = template
        for placeholder in Self.placeholders { rest = rest.replacingOccurrences(of: placeholder, with: "x") }
        if let stray = rest.first(where: { $0 == "{" || $0 == "}" }) {
            throw .invalidLayout(
                template: template, problem: "has an unknown placeholder near '\(stray)'; use {service}, {name} and {namespace}")
        }
        guard template.contains("{name}") else {
            throw .invalidLayout(template: template, problem: "has no {name}: two migrations of one service would share a folder")
        }
        guard Self.isSafeRelativePath(rest) else {
            throw .invalidLayout(
                template: template,
                problem: "must be a relative path of letters, digits, '.', '_', '-' and '/', without '..', hidden or empty segments")
        }
        self.template = template
    }

    /// The migration's folder, relative to the repository's top.
    public func folder(service: String, name: String, namespace: String) throws(PublishError) -> String {
        let path = template.replacingOccurrences(of: "{service}", with: service)
            .replacingOccurrences(of: "{name}", with: name)
            .replacingOccurrences(of: "{namespace}", with: namespace)
        guard Self.isSafeRelativePath(path) else {
            throw .unsafeLayoutFolder(template: template, folder: path, migration: name)
        }
        return path
    }

    /// Whether `folder` is what this layout gives a migration called `name`, for some service
    /// and namespace (DNS labels).
    public func matches(folder: String, name: String) -> Bool {
        let templateSegments = template.split(separator: "/", omittingEmptySubsequences: false)
        let folderSegments = folder.split(separator: "/", omittingEmptySubsequences: false)
        guard templateSegments.count == folderSegments.count else { return false }
        return zip(templateSegments, folderSegments).allSatisfy { Self.segment($0.0[...], matches: $0.1[...], name: name) }
    }

    /// One segment of the template (literal text and placeholders) against one of the folder.
    private static func segment(_ template: Substring, matches text: Substring, name: String) -> Bool {
        guard let open = template.firstIndex(of: "{") else { return template == text }
        let literal = template[..<open]
        guard text.hasPrefix(literal) else { return false }
        let afterLiteral = text.dropFirst(literal.count)
        guard let close = template[open...].firstIndex(of: "}") else { return false }
        let placeholder = template[open...close]
        let restOfTemplate = template[template.index(after: close)...]
        if placeholder == "{name}" {
            return afterLiteral.hasPrefix(name) && segment(restOfTemplate, matches: afterLiteral.dropFirst(name.count), name: name)
        }
        // {service} or {namespace}: at least one DNS-label character, as many as the rest allows.
        var end = afterLiteral.startIndex
        while end < afterLiteral.endIndex, afterLiteral[end].isASCII,
            afterLiteral[end].isLowercase || afterLiteral[end].isNumber || afterLiteral[end] == "-"
        {
            end = afterLiteral.index(after: end)
            if segment(restOfTemplate, matches: afterLiteral[end...], name: name) { return true }
        }
        return false
    }

    static func isSafeRelativePath(_ path: String) -> Bool {
        // Bytes: a lock lists every file of every migration, and is read on every publish.
        var segmentStart = true
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "/"):
                if segmentStart { return false }
                segmentStart = true
            case UInt8(ascii: "."):
                if segmentStart { return false }
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "_"), UInt8(ascii: "-"):
                segmentStart = false
            default: return false
            }
        }
        // Not empty, and no empty last segment.
        return !segmentStart
    }
}
