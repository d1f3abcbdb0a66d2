import Foundation
@testable import NewsletterCore
import Testing

/// How a command's `--post URL` finds its post, in the core where it lives.
@Suite struct PostLookupTests {
    @Test func aPostIsFoundByItsURLWrittenLooselyOrByItsID() throws {
        let feed = try FeedParser.parse(Data(SampleBlog.feedXML.utf8), source: "sample", url: SampleBlog.feedURL).feed
        let newest = try #require(feed.newestFirst.first)
        let url = try #require(newest.url)
        for written in [url, url + "/", url.replacingOccurrences(of: "https://", with: "HTTP://") + "#comments", " \(url) "] {
            #expect(feed.post(at: written)?.id == newest.id, "\(written)")
        }
        #expect(feed.post(at: newest.id)?.id == newest.id)
        #expect(feed.post(at: "https://elsewhere.example/post/") == nil)
        #expect(Feed.comparableURL("HTTPS://a.example/x/#top") == "https://a.example/x")
    }

    @Test func issueIDsAreTheUTCDay() {
        #expect(IssueID.day(Date(timeIntervalSince1970: 1_795_000_000)) == "2026-11-18")
    }
}
