import Foundation
import NewsletterCore
import Testing

/// Markdown announcements: CommonMark as the spec's own examples give it (through cmark),
/// its safe mode, and the message rendered through the announcement templates.
@Suite struct MarkdownTests {
    /// Examples of the CommonMark spec 0.30, with the HTML it gives for each.
    @Test(arguments: [
        ("*foo bar*", "<p><em>foo bar</em></p>\n"),
        ("# foo", "<h1>foo</h1>\n"),
        ("- foo\n- bar", "<ul>\n<li>foo</li>\n<li>bar</li>\n</ul>\n"),
        ("1. foo\n2. bar", "<ol>\n<li>foo</li>\n<li>bar</li>\n</ol>\n"),
        ("[link](/uri \"title\")", "<p><a href=\"/uri\" title=\"title\">link</a></p>\n"),
        ("`foo`", "<p><code>foo</code></p>\n"),
        ("> # Foo\n> bar\n> baz", "<blockquote>\n<h1>Foo</h1>\n<p>bar\nbaz</p>\n</blockquote>\n"),
        ("    a simple\n      indented code block", "<pre><code>a simple\n  indented code block\n</code></pre>\n"),
        ("***", "<hr />\n"),
        ("foo  \nbar", "<p>foo<br />\nbar</p>\n"),
        ("&copy; &#35; &#x22;", "<p>© # &quot;</p>\n"),
        ("**foo*", "<p>*<em>foo</em></p>\n"),
        ("<http://foo.bar.baz>", "<p><a href=\"http://foo.bar.baz\">http://foo.bar.baz</a></p>\n"),
    ])
    func specExamples(markdown: String, html: String) {
        #expect(Markdown.html(markdown) == html)
    }

    @Test func rawHTMLAndScriptLinksNeverPass() {
        #expect(Markdown.html("<div onclick=\"x()\">raw</div>") == "<!-- raw HTML omitted -->\n")
        #expect(Markdown.html("a <script>alert(1)</script> b") == "<p>a <!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted --> b</p>\n")
        #expect(Markdown.html("[a](javascript:alert(1))") == "<p><a href=\"\">a</a></p>\n")
        #expect(Markdown.html("") == "")
        #expect(Markdown.html(String(decoding: [0x66, 0xFF, 0x6F], as: UTF8.self)) == "<p>f\u{FFFD}o</p>\n")
    }

    @Test func aMessageSaysWhatIsWrongWithIt() {
        #expect(MarkdownMessage(subject: " ", markdown: "x").problem == "The subject is empty.")
        #expect(MarkdownMessage(subject: "S", markdown: "\n \n").problem == "The message is empty.")
        #expect(MarkdownMessage(subject: String(repeating: "s", count: 201), markdown: "x").problem?.hasPrefix("The subject has 201 characters") == true)
        #expect(MarkdownMessage(subject: "S", markdown: String(repeating: "x", count: MarkdownMessage.maximumBytes + 1)).problem?.hasPrefix("The message is 512 KB") == true)
        #expect(MarkdownMessage(subject: "S", markdown: "x").problem == nil)
    }

    @Test func theSameMessageIsTheSamePostAndNoLineBreakReachesTheTitle() {
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        let a = MarkdownMessage(subject: "Closed\r\nBcc: x@evil.example", markdown: "We are **closed**.").post(at: now)
        #expect(a.id == MarkdownMessage(subject: "Closed\r\nBcc: x@evil.example", markdown: "We are **closed**.").post(at: now + 60).id)
        #expect(a.id != MarkdownMessage(subject: "Closed", markdown: "We are **closed**.").post(at: now).id)
        #expect(MarkdownMessage.isMessage(a) && a.url == nil)
        #expect(a.title == "Closed Bcc: x@evil.example")
        #expect(a.contentHTML?.trimmingCharacters(in: .newlines) == "<p>We are <strong>closed</strong>.</p>")
    }

    @Test func aMessageIsAnAnnouncementWithoutBlogOrShareLinks() throws {
        let message = MarkdownMessage(subject: "A new group starts", markdown: "Join us on **Tuesdays**:\n\n- 6 pm\n- [sign up](https://clinic.example/groups)")
        let post = message.post(at: DigestFixture.now)
        let rendered = DigestRenderer(templates: try TemplateSet()).renderAnnouncement(
            Digest(issueID: "2026-11-27", date: DigestFixture.now, posts: [post], identity: DigestFixture.identity))
        let text = rendered.text.rendered, html = rendered.html.rendered
        #expect(rendered.subject == "Harbor Light Counseling: A new group starts")
        #expect(text.contains("A message from Harbor Light Counseling.") && text.contains("• 6 pm") && text.contains("sign up [1]"))
        #expect(!text.contains("Read it on the blog") && !text.contains("Share it"))
        #expect(text.contains("[1] https://clinic.example/groups"))
        #expect(html.contains("<strong>Tuesdays</strong>") && !html.contains("Read it on the blog") && !html.contains("Share:"))
        #expect(!html.contains("facebook.com") && !html.contains("sharer"))
    }

    /// Hostile nesting (cmark is linear in it; the copy's pre-encoding must be too).
    @Test func aMessageNestedThirtyThousandDeepStillComposes() throws {
        let message = MarkdownMessage(subject: "Deep", markdown: String(repeating: ">", count: 30_000) + " bottom\n")
        let composer = IssueComposer(identity: DigestFixture.identity, templates: try TemplateSet(), secret: DigestFixture.secret)
        let composed = composer.composeAnnouncement(issueID: "2026-11-27", date: DigestFixture.now, post: message.post(at: DigestFixture.now))
        let bytes = try composed.bytes(for: Recipient(email: "a@example.org", name: nil), date: DigestFixture.now)
        #expect(bytes.count > 30_000 && composed.rendered.text.rendered.contains("bottom"))
    }
}
