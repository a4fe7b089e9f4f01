/// Credentials in repository URLs (`https://user:token@host/...`) never reach a log or an
/// error: everything glidepath prints that came from git or from a URL passes through here.
public enum Redaction {
    public static let mask = "***"

    /// Replaces the user-info part of every `scheme://user[:password]@host` in the text.
    public static func redact(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let separator = rest.range(of: "://") {
            result += rest[..<separator.upperBound]
            rest = rest[separator.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" || $0.isWhitespace || $0 == "'" || $0 == "\"" }
                ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                result += mask
                rest = rest[at...]
            }
        }
        return result + rest
    }

    /// The URL without its user-info: what may be written into a generated file.
    public static func strippingCredentials(_ url: String) -> String {
        guard let separator = url.range(of: "://") else { return url }
        let rest = url[separator.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<separator.upperBound]) + rest[rest.index(after: at)...]
    }
}
