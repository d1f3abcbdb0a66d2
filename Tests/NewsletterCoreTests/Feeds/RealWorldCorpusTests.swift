import Foundation
import NewsletterCore
import Testing

/// Real feeds from NetNewsWire, rss-parser and WordPress (INDEX.md §2–6).
@Suite(.enabled(if: Corpus.shouldRun, "../shared/corpus is not here"))
struct RealWorldCorpusTests {
    @Test func daringFireballRSSIsAtomSniffedFromContent() throws {
        let r = try Corpus.parse("feeds/netnewswire/DaringFireball.rss", url: "http://daringfireball.net/")
        #expect(r.feed.format == .atom10)
        #expect(r.feed.posts.count == 47)
        let post = try #require(r.feed.posts.first { $0.title == "The Dangerous All Writs Act Precedent in the Apple Encryption Case" })
        #expect(post.id == "tag:daringfireball.net,2016:/linked//6.32163")
        #expect(post.published == Date(timeIntervalSince1970: 1_456_420_033))
        let html = try #require(post.contentHTML)
        #expect(html.hasPrefix("<p>Amy Davidson, writing for The New Yorker:</p>"))
        #expect(html.contains("\u{201C}all writs necessary"))
        #expect(r.feed.posts.contains { $0.contentHTML?.contains("&#8217;") == true })
    }

    @Test func daringFireballAtom() throws {
        let r = try Corpus.parse("feeds/netnewswire/DaringFireball.atom")
        #expect(r.feed.posts.count == 48)
        #expect(r.feed.homePage == "https://daringfireball.net/")
        let post = try #require(r.feed.posts.first { $0.title == "Virgin Mobile Partners With Apple to Go iPhone-Only With $1 Service" })
        // RFC 4287 §4.2.7.2: the post is the `alternate` link; Daring Fireball's own
        // permalink is the `related` one (NetNewsWire shows that one instead).
        #expect(post.url == "http://tidbits.com/article/17308")
        #expect(post.contentHTML?.contains("https://daringfireball.net/linked/2017/06/26/virgin-mobile-iphone-only") == true)
    }

    @Test func jsonFeeds() throws {
        let df = try Corpus.parse("feeds/netnewswire/DaringFireball.json")
        #expect(df.feed.format == .jsonFeed && df.feed.posts.count == 48)
        let curt = try Corpus.parse("feeds/netnewswire/curt.json")
        #expect(curt.feed.posts.count == 26)
        let quitter = try #require(curt.feed.posts.first { $0.title == "Twitter Quitter" })
        #expect(quitter.contentHTML?.hasPrefix("<p>I&#8217;ve decided to close my Twitter account. William Van Hecke <a href=\"https://tinyletter.com/fet/letters/microcosmographia-xlxi-reasons-to-stay-on-twitter\">makes a convincing case</a>") == true)
        #expect(quitter.summary.hasPrefix("I\u{2019}ve decided to close my Twitter account."))
        let german = try Corpus.parse("feeds/netnewswire/3960.json")
        #expect(german.feed.posts.count == 20 && german.feed.language == "de-DE")
        #expect(try Corpus.parse("feeds/netnewswire/allthis.json").feed.posts.count == 12)
    }

    @Test func jsonFeedAuthorsWinOverLegacyAuthor() throws {
        let r = try Corpus.parse("feeds/netnewswire/authors.json")
        #expect(r.feed.posts.count == 4)
        func author(_ id: String) -> String? { r.feed.posts.first { $0.id == id }?.author }
        #expect(author("Item with legacy author") == "Legacy Item Author")
        #expect(author("Item with modern authors") == "Item Author 1, Item Author 2")
        #expect(author("Item with both") == "Item Author 1, Item Author 2")
        // An item without authors inherits the feed's (JSON Feed 1.1 §authors).
        #expect(author("Item without authors") == "Root Author 1, Root Author 2")
    }

    @Test func jsonFeedSpecExamples() throws {
        let simple = try Corpus.parse("feeds/jsonfeed-spec/example-simple.json")
        #expect(simple.feed.title == "My Example Feed")
        #expect(simple.feed.posts.map(\.id) == ["2", "1"])
        #expect(simple.feed.posts[0].summary == "This is a second item.")
        #expect(simple.feed.posts[1].contentHTML == "<p>Hello, world!</p>")
        let podcast = try Corpus.parse("feeds/jsonfeed-spec/example-podcast.json")
        #expect(podcast.feed.posts.count == 1 && podcast.feed.posts[0].published != nil)
        let micro = try Corpus.parse("feeds/jsonfeed-spec/example-microblog.json")
        #expect(micro.feed.posts.count == 1 && micro.feed.posts[0].title.isEmpty && micro.feed.posts[0].summary.hasPrefix("Cats are neat."))
    }

    @Test func rssInJSONIsReadCleanly() throws {
        let r = try Corpus.parse("feeds/netnewswire/ScriptingNews.json")
        #expect(r.feed.posts.count == 50)
        #expect(r.feed.language == "en-us")
    }

    @Test func squarespaceKeepsLiteralNbspEntities() throws {
        let r = try Corpus.parse("feeds/netnewswire/KatieFloyd.rss")
        #expect(r.feed.posts.count == 20)
        #expect(r.feed.posts.contains { $0.contentHTML?.contains("&nbsp;") == true })
        #expect(!r.feed.posts.contains { $0.contentHTML?.contains("\u{A0}") == true })
    }

    @Test func mediumAuthorIsAPlainName() throws {
        let r = try Corpus.parse("feeds/netnewswire/EMarley.rss")
        #expect(r.feed.posts.count == 10)
        #expect(r.feed.posts[0].author == "Liz Marley")
    }

    @Test func gb2312DeclaredFeedDecodesAsGB18030() throws {
        let r = try Corpus.parse("feeds/netnewswire/kc0011.rss")
        #expect(r.feed.title == "投资资讯网交易在线--流通纪念币最新20篇论坛主题-全文")
        #expect(r.feed.posts.allSatisfy { !$0.title.contains("\u{FFFD}") && !$0.title.isEmpty && $0.contentHTML != nil })
        #expect(r.feed.posts.contains { $0.published.map { ISO8601DateFormatter().string(from: $0).hasPrefix("2020-01-10") } == true })
    }

    @Test func rdfFeedFromBioRxiv() throws {
        let r = try Corpus.parse("feeds/netnewswire/bio.rdf")
        #expect(r.feed.format == .rss10)
        #expect(r.feed.title == "bioRxiv Subject Collection: Plant Biology")
        #expect(r.feed.homePage == "http://biorxiv.org")
        #expect(r.feed.posts.count == 30)
        #expect(r.feed.posts.allSatisfy { !$0.title.isEmpty && $0.url != nil && $0.id.hasPrefix("http://biorxiv.org/cgi/content/") })
    }

    @Test func itemsWithoutGuidGetStableDistinctIDs() throws {
        let a = try Corpus.parse("feeds/netnewswire/macworld.rss")
        let b = try Corpus.parse("feeds/netnewswire/macworld.rss")
        #expect(a.feed.posts.count == 30)
        #expect(Set(a.feed.posts.map(\.id)).count == 30)
        #expect(a.feed.posts.map(\.id) == b.feed.posts.map(\.id))
        #expect(a.feed.posts.allSatisfy { $0.author.map { !$0.contains("@") } ?? true })
    }

    @Test func foreignNamespaceTitleDoesNotWin() throws {
        let r = try Corpus.parse("feeds/netnewswire/shopify-namespace.rss")
        #expect(r.feed.posts.first?.title == "Real Product Title")
        #expect(r.feed.posts.first?.contentHTML == "<p>Body HTML</p>")
        #expect(r.feed.posts.first?.author == "Jane Maker")
    }

    @Test func invalidSlovakFeedStillReadsEveryTitle() throws {
        let r = try Corpus.parse("feeds/netnewswire/aktuality.rss")
        #expect(r.feed.posts.count == 30)
        #expect(r.feed.posts.allSatisfy { !$0.title.isEmpty })
    }

    @Test func xmlBaseResolvesContentURLs() throws {
        let r = try Corpus.parse("feeds/netnewswire/pappacoda.atom")
        let post = try #require(r.feed.posts.first { $0.title == "C su Windows" })
        #expect(post.id == "tag:andrea.pappacoda.it,2023-06-09:c_su_windows")
        #expect(post.url == "https://andrea.pappacoda.it/blog/c_su_windows/")
        let html = try #require(post.contentHTML)
        #expect(html.contains("src=\"https://andrea.pappacoda.it/blog/c_su_windows/clangd_path.png\""))
        #expect(!html.contains("src=\"clangd_path.png\""))
    }

    @Test func wordpressFeeds() throws {
        #expect(try Corpus.parse("wordpress/netnewswire/natasha.xml").feed.posts.count == 10)
        #expect(try Corpus.parse("wordpress/netnewswire/dcrainmaker.xml").feed.posts.count == 8)
        #expect(try Corpus.parse("wordpress/netnewswire/OneFootTsunami.atom").feed.posts.count == 25)
        let allThis = try Corpus.parse("wordpress/netnewswire/allthis.atom")
        #expect(allThis.feed.format == .rss20 && allThis.feed.posts.count == 12)
        #expect(allThis.feed.homePage == "http://leancrew.com/all-this")
        #expect(try Corpus.parse("wordpress/netnewswire/manton.rss").feed.language == "en-US")
    }

    @Test func wordpressRESTAPIWithEmbeds() throws {
        let r = try Corpus.parse("wordpress/wp-rest-api/frontity/posts-from-category-7.json")
        #expect(r.feed.format == .wordpress)
        #expect(r.feed.posts.count == 5)
        let firstPost = r.feed.posts[0]
        #expect(firstPost.title == "Shinjuku Gyoen National Garden")
        #expect(firstPost.url == "https://demo.worona.org/shinjuku-gyoen-national-garden/")
        #expect(firstPost.author == "Reyes Martinez")
        #expect(firstPost.image == "https://demo.worona.org/wp-content/uploads/2016/11/japan.jpg")
        #expect(firstPost.categories.contains("Nature"))
        let canada = try #require(r.feed.posts.first { $0.id.hasSuffix("?p=36") })
        #expect(canada.summary.contains("Canada\u{2019}s"))
        #expect(!canada.summary.contains("&#8217;"))
    }

    @Test func wordpressSinglePostAndLocalSite() throws {
        let single = try Corpus.parse("wordpress/wp-rest-api/frontity/post-60.json")
        #expect(single.feed.posts.count == 1 && single.feed.posts[0].title == "The Beauties of Gullfoss")
        #expect((single.feed.posts[0].contentHTML?.count ?? 0) > 4000)
        let local = try Corpus.parse("wordpress/wp-rest-api/frontity/posts.json")
        #expect(local.feed.posts.count == 3)
        #expect(local.feed.posts.contains { $0.title == "Hello world!" })
    }

    @Test func jekyllAtom() throws {
        let r = try Corpus.parse("static-site/netnewswire/qemu.atom", url: "https://www.qemu.org/feed.xml")
        #expect(r.feed.posts.count == 10)
        #expect(r.feed.homePage == "https://www.qemu.org/")
        #expect(r.feed.posts.first { $0.title == "QEMU version 10.1.0 released" }?.url == "https://www.qemu.org/2025/08/26/qemu-10-1-0/")
    }

    /// rss-parser's expected outputs: titles, links and dates of every item.
    @Test(arguments: [("content-encoded.rss", "content-encoded.json"), ("heise.atom", "heise.json"), ("encoding.rss", "encoding.json")])
    func rssParserExpectedOutput(_ input: String, _ output: String) throws {
        let r = try Corpus.parse("feeds/rss-parser/input/" + input)
        let raw = try Corpus.data("feeds/rss-parser/output/" + output)
        let text = String(data: raw, encoding: .utf8) ?? String(data: raw, encoding: .isoLatin1)!
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let items = (json["feed"] as! [String: Any])["items"] as! [[String: Any]]
        #expect(r.feed.posts.count == items.count)
        for (post, item) in zip(r.feed.posts, items) {
            if let title = item["title"] as? String { #expect(post.title == HTMLText.collapseWhitespace(title)) }
            if let link = item["link"] as? String { #expect(post.url == link) }
            if let iso = item["isoDate"] as? String { #expect(post.date == FeedDate.parse(iso), "\(post.title)") }
        }
    }

    @Test func entryWithNoFieldsIsReportedNotFatal() throws {
        let r = try Corpus.parse("feeds/rss-parser/input/incomplete-fields.atom")
        #expect(r.feed.posts.count <= 1)
        #expect(r.feed.format == .atom10)
    }
}
