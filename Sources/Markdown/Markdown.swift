internal import CCmark

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Markdown from a spec (summaries, notes) rendered to HTML by libcmark in its safe mode:
/// raw HTML is replaced by a comment and `javascript:`-style links are emptied. The only file
/// that sees libcmark; the C string it returns is freed here.
public enum Markdown {
    public static func html(_ markdown: String) -> String {
        let utf8 = Array(markdown.utf8)
        // CMARK_OPT_DEFAULT is safe since cmark 0.29; CMARK_OPT_UNSAFE is never passed.
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART
        guard
            let rendered = utf8.withUnsafeBufferPointer({ buffer in
                buffer.withMemoryRebound(to: CChar.self) {
                    cmark_markdown_to_html($0.baseAddress, $0.count, options)
                }
            })
        else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// The version of the linked libcmark, for `glidepath --version` and bug reports.
    public static var libraryVersion: String {
        String(cString: cmark_version_string())
    }
}
