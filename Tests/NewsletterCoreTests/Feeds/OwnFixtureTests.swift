import Foundation
import NewsletterCore
import Testing

@Suite struct SampleBlogTests {
    @Test func sampleFeedIsAClinicBlogWithEverythingTheIssueAsksFor() throws {
        let r = try FeedParser.parse(Data(SampleBlog.feedXML.utf8), source: "sample", url: SampleBlog.feedURL)
        #expect(r.diagnostics.isEmpty)
        #expect(r.feed.format == .rss20)
        #expect(r.feed.posts.count == 12)
        let newest = r.feed.newestFirst
        #expect(newest.first?.title == "A Gentle Guide to Holiday Stress")
        #expect(newest.allSatisfy { $0.image != nil && !$0.categories.isEmpty && $0.contentHTML != nil && $0.author != nil })
        #expect(newest.contains { $0.title.unicodeScalars.contains { !$0.isASCII } })
        #expect(newest.contains { $0.title.contains("&") && $0.title.contains("\u{201C}") })
        // Relative image URLs in content resolve against the feed URL.
        #expect(newest[0].contentHTML?.contains("src=\"https://www.harborlightclinic.example/images/blog/holiday-table.jpg\"") == true)
        let span = try #require(newest.first?.date).timeIntervalSince(try #require(newest.last?.date))
        #expect(span > 7 * 86_400 * 8)
    }

    @Test(arguments: ["2026-11-27T09:00:00Z", "2026-12-03T13:59:59Z", "2026-12-03T14:00:00Z", "2026-12-06T03:00:00Z",
                      "2031-06-05T09:00:00Z", "2099-02-28T23:00:00Z"])
    func sampleFeedAlwaysHasAPostFromThePastWeek(at text: String) throws {
        let now = try #require(ISO8601DateFormatter().date(from: text))
        let written = try FeedParser.parse(Data(SampleBlog.feedXML.utf8), source: "sample", url: SampleBlog.feedURL).feed
        let r = try FeedParser.parse(Data(SampleBlog.liveFeedXML(at: now).utf8), source: "sample", url: SampleBlog.feedURL)
        #expect(r.diagnostics.isEmpty)
        let newest = try #require(r.feed.newestFirst.first?.date)
        #expect(newest <= now && now.timeIntervalSince(newest) < 7 * 86_400, "newest post \(newest) at \(now)")
        // The whole blog moves by whole weeks: the same posts, ids, order, weekdays and hours.
        let weeks = Double(SampleBlog.weeksAhead(at: now)) * 7 * 86_400
        #expect(r.feed.newestFirst.map(\.id) == written.newestFirst.map(\.id))
        #expect(r.feed.newestFirst.map(\.date) == written.newestFirst.map { $0.date?.addingTimeInterval(weeks) })
        #expect(r.feed.posts.map(\.title) == written.posts.map(\.title))
        #expect(r.feed.updated == written.updated?.addingTimeInterval(weeks))
    }

    @Test func sampleFeedReadsAsWrittenUntilItsNewestPostIsAWeekOld() throws {
        #expect(SampleBlog.weeksAhead(at: SampleBlog.newestPostDate.addingTimeInterval(-400 * 86_400)) == 0)
        #expect(SampleBlog.liveFeedXML(at: SampleBlog.newestPostDate.addingTimeInterval(7 * 86_400 - 1)) == SampleBlog.feedXML)
        #expect(SampleBlog.weeksAhead(at: SampleBlog.newestPostDate.addingTimeInterval(7 * 86_400)) == 1)
        #expect(SampleBlog.weeksAhead(at: SampleBlog.newestPostDate.addingTimeInterval(30 * 86_400)) == 4)
    }
}

@Suite struct EncodingTests {
    static let feed = "<?xml version=\"1.0\" encoding=\"%@\"?><rss version=\"2.0\"><channel><title>Café Ünïcödé ½</title></channel></rss>"

    static func document(_ encodingLabel: String) -> String {
        feed.replacingOccurrences(of: "%@", with: encodingLabel)
    }

    @Test(arguments: [
        ("UTF-8", String.Encoding.utf8, [UInt8]()),
        ("UTF-8", .utf8, [0xEF, 0xBB, 0xBF]),
        ("UTF-16", .utf16LittleEndian, [0xFF, 0xFE]),
        ("UTF-16", .utf16BigEndian, [0xFE, 0xFF]),
        ("UTF-16", .utf16LittleEndian, []),
        ("UTF-16", .utf16BigEndian, []),
        ("UTF-32", .utf32LittleEndian, [0xFF, 0xFE, 0x00, 0x00]),
        ("UTF-32", .utf32BigEndian, [0x00, 0x00, 0xFE, 0xFF]),
        ("ISO-8859-1", .isoLatin1, []),
        ("windows-1252", .windowsCP1252, []),
    ])
    func unicodeAndLatinEncodings(_ label: String, _ encoding: String.Encoding, _ bom: [UInt8]) throws {
        let body = try #require(Self.document(label).data(using: encoding))
        let r = try FeedParser.parse(Data(bom) + body, source: "test")
        #expect(r.feed.title == "Café Ünïcödé ½")
        #expect(!r.feed.title.contains("\u{FFFD}"))
    }

    @Test func legacyCharsetsThroughIconv() throws {
        // ISO-8859-2 (Polish), windows-1251 (Russian), ISO-8859-7 (Greek).
        let cases: [(String, [UInt8], String)] = [
            ("ISO-8859-2", [0xA3, 0xF3, 0xB6, 0xE6], "Łóść"),
            ("windows-1251", [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2], "Привет"),
            ("ISO-8859-7", [0xC1, 0xE8, 0xDE, 0xED, 0xE1], "Αθήνα"),
        ]
        for (label, bytes, expected) in cases {
            let data = Data("<?xml version=\"1.0\" encoding=\"\(label)\"?><rss><channel><title>".utf8) + Data(bytes) + Data("</title></channel></rss>".utf8)
            let r = try FeedParser.parse(data, source: label)
            #expect(r.feed.title == expected, "\(label)")
        }
    }

    @Test func httpCharsetOverridesTheDeclaration() throws {
        let data = Data("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><title>".utf8) + Data([0xE9]) + Data("</title></channel></rss>".utf8)
        let r = try FeedParser.parse(data, source: "t", contentType: "application/rss+xml; charset=ISO-8859-1")
        #expect(r.feed.title == "é")
    }

    @Test func undeclaredInvalidUTF8FallsBackToWindows1252WithADiagnostic() throws {
        let data = Data("<rss><channel><title>don".utf8) + Data([0x92]) + Data("t</title></channel></rss>".utf8)
        let r = try FeedParser.parse(data, source: "t")
        #expect(r.feed.title == "don\u{2019}t")
        #expect(r.diagnostics.contains { $0.message.contains("windows-1252") })
    }
}

@Suite struct IllFormedFeedTests {
    @Test func brokenItemsAreSkippedWithDiagnosticsAndTheRestKept() throws {
        let xml = """
        <rss version="2.0"><channel><title>T</title>
        <item><title>One</title><link>https://b.example/1</link><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate></item>
        <item><title>Two</title><link>https://b.example/2</link><pubDate>the day after tomorrow</pubDate></item>
        <item></item>
        <item><title>Three &amp; more</title><link>https://b.example/3</link><description>unclosed <b>bold</description>
        """
        let r = try FeedParser.parse(Data(xml.utf8), source: "broken.xml")
        #expect(r.feed.posts.map(\.title) == ["One", "Two", "Three & more"])
        #expect(r.feed.posts[1].published == nil)
        #expect(r.diagnostics.contains { $0.item == 2 && $0.message.contains("the day after tomorrow") && $0.line == 3 })
        #expect(r.diagnostics.contains { $0.message.contains("skipped an empty item") })
        #expect(r.diagnostics.contains { $0.message.contains("never closed") })
    }

    @Test(arguments: [
        ("", "is empty"),
        ("   \n", "is empty"),
        ("<!DOCTYPE html><html><head><title>Blog</title></head><body>Hi</body></html>", "HTML page"),
        ("Hello, this is plain text", "starts with 'Hello"),
        ("{\"name\": \"not a feed\"}", "JSON without"),
        ("{\"items\": [", "not valid JSON"),
        ("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "root element is <svg>"),
        ("<<<>>>", "not XML"),
    ])
    func notAFeedIsOneClearErrorNamingTheSource(_ body: String, _ fragment: String) {
        do {
            _ = try FeedParser.parse(Data(body.utf8), source: "https://blog.example/feed")
            Issue.record("expected an error for \(body)")
        } catch {
            let message = String(describing: error)
            #expect(message.contains("https://blog.example/feed"))
            #expect(message.contains(fragment), "\(message)")
            #expect(message.hasSuffix("."))
        }
    }

    @Test func truncatedFeedKeepsEveryCompleteItem() throws {
        let full = SampleBlog.feedXML
        let cut = String(full.prefix(full.count * 2 / 3))
        let r = try FeedParser.parse(Data(cut.utf8), source: "cut")
        #expect(r.feed.posts.count >= 6)
        #expect(!r.diagnostics.isEmpty)
    }
}

@Suite struct FormatDetectionTests {
    @Test func atomWithRelativeLinksResolvesAgainstDocumentURL() throws {
        let xml = """
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title type="html">A &amp;lt;B&amp;gt;</title>
        <link href="/"/>
        <entry><id>urn:1</id><title>E</title><link href="posts/e.html"/><updated>2026-11-01T08:00:00+01:00</updated>
        <media:thumbnail xmlns:media="http://search.yahoo.com/mrss/" url="img/e.png"/>
        <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi <a href="../x">x</a></p></div></content></entry></feed>
        """
        let r = try FeedParser.parse(Data(xml.utf8), source: "a", url: "https://blog.example/feeds/atom.xml")
        let post = try #require(r.feed.posts.first)
        #expect(r.feed.title == "A <B>")
        #expect(r.feed.homePage == "https://blog.example/")
        #expect(post.url == "https://blog.example/feeds/posts/e.html")
        #expect(post.image == "https://blog.example/feeds/img/e.png")
        #expect(post.contentHTML == "<p>Hi <a href=\"https://blog.example/x\">x</a></p>")
        #expect(post.updated == utc(2026, 11, 1, 7))
        #expect(r.feed.language == "en")
    }

    /// feedparser reads both: an entry's web-address id as its link, and a <feed> without
    /// the Atom namespace as Atom.
    @Test func atomIdAsLinkAndFeedWithoutNamespace() throws {
        let xml = """
        <feed><title>No namespace</title>
        <entry><id>https://blog.example/posts/1</id><title>One</title><updated>2026-11-01T08:00:00Z</updated></entry>
        <entry><id>urn:uuid:2</id><title>Two</title><updated>2026-11-02T08:00:00Z</updated></entry>
        <entry><id>http://blog.example/3</id><title>Three</title><link rel="alternate" href="https://blog.example/three"/></entry></feed>
        """
        let r = try FeedParser.parse(Data(xml.utf8), source: "a", url: "https://blog.example/atom.xml")
        #expect(r.feed.format == .atom10 && r.feed.title == "No namespace")
        #expect(r.feed.posts.map(\.url) == ["https://blog.example/posts/1", nil, "https://blog.example/three"])
        let other = "<feed xmlns=\"http://example.com/not-atom\"><entry/></feed>"
        #expect(throws: FeedError.self) { try FeedParser.parse(Data(other.utf8), source: "a", url: nil) }
    }

    @Test func wordpressArrayWithoutEmbedsAndEmptyArray() throws {
        let json = """
        [{"id": 7, "date": "2026-11-02T10:00:00", "date_gmt": "2026-11-02T09:00:00", "link": "https://wp.example/hello/",
          "title": {"rendered": "Hello &#8211; world"}, "content": {"rendered": "<p>Body</p>"}, "excerpt": {"rendered": "<p>Short</p>"}}]
        """
        let r = try FeedParser.parse(Data(json.utf8), source: "wp")
        #expect(r.feed.format == .wordpress)
        #expect(r.feed.posts[0].title == "Hello \u{2013} world")
        #expect(r.feed.posts[0].published == utc(2026, 11, 2, 9))
        #expect(r.feed.posts[0].summary == "Short")
        #expect(r.feed.posts[0].id == "7")
        let empty = try FeedParser.parse(Data("[]".utf8), source: "wp")
        #expect(empty.feed.posts.isEmpty)
    }

    @Test func newestFirstKeepsUndatedPostsLastInFeedOrder() {
        let feed = Feed(format: .rss20, title: "", posts: [
            Post(id: "a", title: "a"), Post(id: "b", title: "b", published: utc(2026, 1, 1)),
            Post(id: "c", title: "c"), Post(id: "d", title: "d", published: utc(2026, 2, 1)),
        ])
        #expect(feed.newestFirst.map(\.id) == ["d", "b", "a", "c"])
    }
}

@Suite struct LongFeedTests {
    /// Items `range` of a feed where every 7th date is unreadable and every 11th item is empty.
    static func items(_ range: Range<Int>, atom: Bool) -> String {
        range.map { i -> String in
            if i % 11 == 0 { return atom ? "<entry></entry>" : "<item></item>" }
            let date = i % 7 == 0 ? "not a date \(i)" : (atom ? "2026-11-02T10:00:00Z" : "Mon, 02 Nov 2026 10:00:00 GMT")
            let body = "&lt;p&gt;Post \(i) &amp;amp; &lt;a href=\"/p/\(i)\"&gt;link&lt;/a&gt;&lt;img src=\"/i/\(i).png\"&gt;&lt;/p&gt;"
            return atom
                ? "<entry><id>urn:p:\(i)</id><title>Post \(i)</title><link href=\"/p/\(i)\"/><updated>\(date)</updated><content type=\"html\">\(body)</content></entry>"
                : "<item><guid>urn:p:\(i)</guid><title>Post \(i)</title><link>/p/\(i)</link><pubDate>\(date)</pubDate><description>\(body)</description></item>"
        }.joined(separator: "\n")
    }

    static func feed(_ range: Range<Int>, atom: Bool) -> Data {
        Data((atom
            ? "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title>\n\(items(range, atom: true))\n</feed>"
            : "<rss version=\"2.0\"><channel><title>T</title><link>https://blog.example/</link>\n\(items(range, atom: false))\n</channel></rss>").utf8)
    }

    /// A feed long enough to be assembled on several cores reads exactly as its parts do
    /// one by one: the same posts in the same order, the same diagnostics in item order.
    @Test(arguments: [false, true]) func aLongFeedReadsAsItsPartsDo(atom: Bool) throws {
        let whole = try FeedParser.parse(Self.feed(0..<1_200, atom: atom), source: "long", url: "https://blog.example/feed")
        var posts: [Post] = []
        var messages: [String] = []
        for start in stride(from: 0, to: 1_200, by: 100) {
            let part = try FeedParser.parse(Self.feed(start..<start + 100, atom: atom), source: "part", url: "https://blog.example/feed")
            posts += part.feed.posts
            messages += part.diagnostics.map(\.message)
        }
        #expect(whole.feed.posts.count == 1_200 - 110)
        #expect(whole.feed.posts == posts)
        #expect(whole.feed.posts.prefix(3).map(\.id) == ["urn:p:1", "urn:p:2", "urn:p:3"])
        #expect(whole.diagnostics.map(\.message) == messages)
        #expect(whole.diagnostics.compactMap(\.item) == whole.diagnostics.compactMap(\.item).sorted())
        #expect(whole.diagnostics.count == 110 + (0..<1_200).filter { $0 % 7 == 0 && $0 % 11 != 0 }.count)
    }
}
