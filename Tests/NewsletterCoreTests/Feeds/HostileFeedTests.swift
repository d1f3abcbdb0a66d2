import Foundation
import NewsletterCore
import Testing

/// Feeds written to hurt the reader: entity expansion, deep nesting, links that are not web
/// addresses. Each is one sentence or a diagnostic, never a crash or gigabytes.
@Suite struct HostileFeedTests {
    static func rss(doctype: String = "", items: String) -> Data {
        Data("<?xml version=\"1.0\"?>\(doctype)<rss version=\"2.0\"><channel><title>t</title>\(items)</channel></rss>".utf8)
    }

    @Test func aBillionLaughsIsRefusedInOneSentence() throws {
        var declarations = "<!ENTITY lol0 \"lol\">"
        for i in 1...9 { declarations += "<!ENTITY lol\(i) \"\(String(repeating: "&lol\(i - 1);", count: 10))\">" }
        let feed = Self.rss(doctype: "<!DOCTYPE rss [\(declarations)]>", items: "<item><title>&lol9;</title><link>https://x.example/a</link></item>")
        #expect(feed.count < 1100)
        #expect(throws: FeedError.refused(source: "laughs.xml", reason: "its entities expand to more than 1 MB (an entity expansion attack, such as a \"billion laughs\")")) {
            try FeedParser.parse(feed, source: "laughs.xml")
        }
        let error = #expect(throws: FeedError.self) { try FeedParser.parse(feed, source: "laughs.xml") }
        #expect(error?.description == "The feed at laughs.xml was not read: its entities expand to more than 1 MB (an entity expansion attack, such as a \"billion laughs\").")
    }

    @Test func oneLargeEntityUsedManyTimesIsRefusedQuickly() throws {
        let uses = String(repeating: "&big;", count: 50_000)
        let feed = Self.rss(doctype: "<!DOCTYPE rss [<!ENTITY big \"\(String(repeating: "x", count: 50_000))\">]>",
                            items: "<item><title>a</title><description>\(uses)</description></item>")
        let started = Date()
        #expect(throws: FeedError.self) { try FeedParser.parse(feed, source: "wide.xml") }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func declaredEntitiesWithinTheBudgetStillExpand() throws {
        let feed = Self.rss(doctype: "<!DOCTYPE rss [<!ENTITY clinic \"Harbor Light\">]>",
                            items: "<item><title>&clinic; news</title><link>https://x.example/a</link></item>")
        #expect(try FeedParser.parse(feed, source: "ok.xml").feed.posts.first?.title == "Harbor Light news")
    }

    @Test func fiftyThousandNestedElementsNeitherCrashNorLoseTheItem() throws {
        let deep = String(repeating: "<div>", count: 50_000) + "deep text" + String(repeating: "</div>", count: 50_000)
        let result = try FeedParser.parse(Self.rss(items: "<item><title>a</title><link>https://x.example/a</link><description>\(deep)</description></item>"
                                                   + "<item><title>b</title><link>https://x.example/b</link></item>"), source: "deep.xml")
        #expect(result.feed.posts.map(\.title) == ["a", "b"])
        #expect(result.diagnostics.map(\.message) == ["elements are nested deeper than 256 levels; the deeper ones were flattened into their text"])
        // Escaped, the same nesting is HTML inside the description: cleaned without recursion.
        let escaped = deep.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        let html = try FeedParser.parse(Self.rss(items: "<item><title>c</title><link>https://x.example/c</link><description>\(escaped)</description></item>"), source: "deep.xml")
        #expect(html.feed.posts.first?.summary.contains("deep text") == true)
    }

    @Test(arguments: ["javascript:alert(document.cookie)", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x",
                      "https://x.example/b&#13;&#10;Bcc: victim@example.org", "https://x.example/a&#10;b", "file:///etc/passwd"])
    func aLinkThatIsNoWebAddressNeverReachesAPost(link: String) throws {
        let result = try FeedParser.parse(Self.rss(items: "<item><title>t</title><guid isPermaLink=\"false\">g</guid><link>\(link.replacingOccurrences(of: "<", with: "&lt;"))</link></item>"), source: "f.xml")
        let post = try #require(result.feed.posts.first)
        #expect(post.url == nil)
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.message.hasSuffix("is not an http(s) address; the post is kept without it") == true)
        #expect(result.diagnostics.first?.message.contains("\n") == false && result.diagnostics.first?.message.contains("\r") == false)
    }

    @Test func webAndRelativeLinksAreKept() throws {
        let result = try FeedParser.parse(Self.rss(items: "<item><title>a</title><link>https://x.example/a?b=1</link></item><item><title>b</title><link>/relative/b</link></item>"), source: "f.xml")
        #expect(result.feed.posts.map(\.url) == ["https://x.example/a?b=1", "/relative/b"])
        #expect(result.diagnostics.isEmpty)
    }
}
