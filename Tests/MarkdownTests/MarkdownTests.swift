import Markdown
import Testing

@Suite struct MarkdownTests {
    @Test func rendersCommonMark() {
        #expect(Markdown.html("Move **orders** to `v2`.") == "<p>Move <strong>orders</strong> to <code>v2</code>.</p>\n")
    }

    @Test func dropsRawHTMLAndUnsafeLinks() {
        let html = Markdown.html("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>")
        #expect(!html.contains("<script"))
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("onerror"))
    }

    @Test func reportsTheLibraryVersion() {
        #expect(Markdown.libraryVersion.split(separator: ".").count == 3)
    }
}
