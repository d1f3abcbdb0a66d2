import Foundation
@testable import NewsletterCore
import Testing

/// Post assembly, the step every feed format shares, tested on raw items directly: links
/// resolved and screened, HTML cleaned, dates read, ids found, summaries cut.
@Suite struct PostAssemblerTests {
    static func assemble(_ raw: RawItem) -> (post: Post?, diagnostics: [String]) {
        var assembler = PostAssembler()
        let post = assembler.post(from: raw, index: 3, line: 42)
        return (post, assembler.diagnostics.map(\.message))
    }

    @Test func relativeLinksAndImagesResolveAgainstTheItemsBase() throws {
        var raw = RawItem(title: "  Sleep\n and   stress ", link: "/blog/sleep/", base: "https://clinic.example/feed/")
        raw.contentHTML = #"<p>Rest.</p><img src="img/a.png" alt="">"#
        let post = try #require(Self.assemble(raw).post)
        #expect(post.title == "Sleep and stress")
        #expect(post.url == "https://clinic.example/blog/sleep/")
        #expect(post.id == "https://clinic.example/blog/sleep/")
        #expect(post.image == "https://clinic.example/feed/img/a.png")
    }

    @Test func aLinkThatIsNotAWebAddressIsDroppedAndSaidWhere() throws {
        for link in ["javascript:alert(1)", "data:text/html,x", "https://a.example/\r\nBcc: x@y", "http:///nohost"] {
            let (post, diagnostics) = Self.assemble(RawItem(guid: "g", title: "T", link: link))
            #expect(post?.url == nil, "\(link)")
            #expect(diagnostics.count == 1 && diagnostics[0].hasSuffix("is not an http(s) address; the post is kept without it"), "\(link)")
            #expect(!diagnostics[0].contains("\r") && !diagnostics[0].contains("\n"))
        }
    }

    @Test func contentIsCleanedAndTheSummaryIsPlainAndCut() throws {
        var raw = RawItem(guid: "g", title: "T")
        raw.contentHTML = "<p onclick=\"x()\">Hello <script>bad()</script><b>world</b></p>" + String(repeating: "<p>word </p>", count: 200)
        let post = try #require(Self.assemble(raw).post)
        let html = try #require(post.contentHTML)
        #expect(!html.contains("script") && !html.contains("onclick"))
        #expect(post.summary.hasPrefix("Hello world"))
        #expect(post.summary.count <= PostAssembler.summaryLimit + 1)
        raw.summaryHTML = "<em>Own</em> summary"
        #expect(Self.assemble(raw).post?.summary == "Own summary")
    }

    @Test func anUnreadableDateIsLeftOutAndSaidWithItsItemAndLine() throws {
        var raw = RawItem(guid: "g", title: "T", published: "Mon, 30 Nov 2026 09:00:00 GMT", updated: "last Tuesday")
        let (post, diagnostics) = Self.assemble(raw)
        #expect(post?.published == Date(timeIntervalSince1970: 1_796_029_200))
        #expect(post?.updated == nil)
        #expect(diagnostics == ["the updated date 'last Tuesday' is not a date; it was left out"])
        raw.published = "   "
        #expect(Self.assemble(raw).diagnostics.count == 1)
        var diagnosticLine = PostAssembler()
        _ = diagnosticLine.post(from: RawItem(guid: "g", title: "T", updated: "x"), index: 3, line: 42)
        #expect(diagnosticLine.diagnostics.first?.item == 3)
        #expect(diagnosticLine.diagnostics.first?.line == 42)
    }

    @Test func anItemWithoutGuidOrLinkGetsAStableIdFromItsTextOrIsSkipped() throws {
        var raw = RawItem(title: "T")
        raw.fingerprint = { "<item><title>T</title></item>" }
        let first = try #require(Self.assemble(raw).post)
        #expect(first.id.hasPrefix("urn:newsletter:item:"))
        #expect(Self.assemble(raw).post?.id == first.id)
        raw.fingerprint = { "  " }
        let (skipped, diagnostics) = Self.assemble(raw)
        #expect(skipped == nil && diagnostics == ["skipped an empty item"])
    }

    @Test func categoriesAndAuthorsAreTrimmedAndCategoriesKeptOnce() throws {
        let raw = RawItem(guid: "g", title: "T", authors: [" Dr. Lee ", "", "Sam\nPark"], categories: ["Anxiety", " Anxiety ", "", "Family  life"])
        let post = try #require(Self.assemble(raw).post)
        #expect(post.categories == ["Anxiety", "Family life"])
        #expect(post.author == "Dr. Lee, Sam Park")
    }

    @Test func aLongFeedAssembledOnEveryCoreKeepsItsOrder() {
        var assembler = PostAssembler()
        let posts = assembler.posts(count: 2_000) { i, a in
            a.post(from: RawItem(guid: "p\(i)", title: "Post \(i)", published: i % 500 == 0 ? "never" : nil), index: i)
        }
        #expect(posts.map(\.id) == (0..<2_000).map { "p\($0)" })
        #expect(assembler.diagnostics.map(\.item) == [0, 500, 1000, 1500])
    }
}
