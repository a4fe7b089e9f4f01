/// Credentials never reach a log or an error: everything glidepath prints that came from git
/// or from a URL passes through here. It errs on the side of hiding: a password may hold '/'
/// or '@', and a scp-style remote (`user:secret@host:path`) carries its password too.
public enum Redaction {
    public static let mask = "***"

    /// Replaces the user information of every URL and scp-style address in the text.
    public static func redact(_ text: String) -> String {
        var out = ""
        var word = ""
        func flush() {
            out += redactWord(word)
            word = ""
        }
        for character in text {
            if character.isWhitespace || character == "'" || character == "\"" || character == "`" {
                flush()
                out.append(character)
            } else {
                word.append(character)
            }
        }
        flush()
        return out
    }

    /// One whitespace- or quote-delimited word.
    private static func redactWord(_ word: String) -> String {
        guard word.contains("@") else { return word }
        guard let separator = word.range(of: "://") else {
            // scp-style `user:password@host:path`: the part before the last '@' holds a ':'.
            guard let at = word.lastIndex(of: "@"), word[..<at].contains(":"), !word[..<at].contains("/") else { return word }
            return mask + word[at...]
        }
        let rest = word[separator.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var userInfoEnd: String.Index?
        let colon = authority.firstIndex(of: ":")
        let portLike = colon.map { authority[authority.index(after: $0)...].allSatisfy(\.isNumber) } ?? true
        if authority.contains("@") || !portLike {
            // User information, or what looks like a port and is not one (`user:pa/ss@host`):
            // a password may hold '/' and '@', so it runs on to the last '@' of the word.
            userInfoEnd = rest.lastIndex(of: "@")
        }
        guard let end = userInfoEnd else { return word }
        return String(word[..<separator.upperBound]) + mask + redactWord(String(rest[end...]))
    }

    /// The URL without its user-info: what may be written into a generated file.
    public static func strippingCredentials(_ url: String) -> String {
        guard let separator = url.range(of: "://") else { return url }
        let rest = url[separator.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let portLike = authority.firstIndex(of: ":").map { authority[authority.index(after: $0)...].allSatisfy(\.isNumber) } ?? true
        guard let at = authority.lastIndex(of: "@") ?? (portLike ? nil : rest.lastIndex(of: "@")) else { return url }
        return String(url[..<separator.upperBound]) + rest[rest.index(after: at)...]
    }
}
