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
            throw PublishError(message: "layout '\(template)': unknown placeholder near '\(stray)'; use {service}, {name} and {namespace}")
        }
        guard template.contains("{name}") else {
            throw PublishError(message: "layout '\(template)' has no {name}: two migrations of one service would share a folder")
        }
        guard Self.isSafeRelativePath(rest) else {
            throw PublishError(message: "layout '\(template)' must be a relative path of letters, digits, '.', '_', '-' and '/', without '..', hidden or empty segments")
        }
        self.template = template
    }

    /// The migration's folder, relative to the repository's top.
    public func folder(service: String, name: String, namespace: String) throws(PublishError) -> String {
        let path = template.replacingOccurrences(of: "{service}", with: service)
            .replacingOccurrences(of: "{name}", with: name)
            .replacingOccurrences(of: "{namespace}", with: namespace)
        guard Self.isSafeRelativePath(path) else {
            throw PublishError(message: "layout '\(template)' gives '\(path)' for migration \(name), which is not a safe relative path")
        }
        return path
    }

    static func isSafeRelativePath(_ path: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/")
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.isEmpty && path.allSatisfy(allowed.contains)
            && segments.allSatisfy { !$0.isEmpty && !$0.hasPrefix(".") }
    }
}
