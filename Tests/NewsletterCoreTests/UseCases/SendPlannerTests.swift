import Foundation
import NewsletterCore
import Testing

/// What a send carries, decided by the pure planner without a store or a server.
@Suite struct SendPlannerTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)
    static func days(_ n: Double) -> Date { now.addingTimeInterval(-n * 86_400) }

    static let feed = Feed(format: .rss20, title: "Blog", posts: [
        Post(id: "future", title: "Scheduled", url: "https://b.example/future/", published: now.addingTimeInterval(3600)),
        Post(id: "today", title: "Today", url: "https://b.example/today/", published: days(0.5)),
        Post(id: "yesterday", title: "Yesterday", url: "https://b.example/yesterday/", published: days(1.5)),
        Post(id: "week", title: "Last week", url: "https://b.example/week/", published: days(6)),
        Post(id: "old", title: "Old", url: "https://b.example/old/", published: days(20)),
        Post(id: "undated", title: "Undated", url: "https://b.example/undated/"),
    ])

    @Test func aDigestCarriesThePostsOfItsWindowNotSentYetAndNothingScheduled() {
        let ids = { (posts: [Post]) in posts.map(\.id) }
        #expect(ids(SendPlanner.digestPosts(feed: Self.feed, since: nil, lastDigest: nil, sent: [], now: Self.now)) == ["today", "yesterday", "week"])
        #expect(ids(SendPlanner.digestPosts(feed: Self.feed, since: nil, lastDigest: nil, sent: ["yesterday"], now: Self.now)) == ["today", "week"])
        #expect(ids(SendPlanner.digestPosts(feed: Self.feed, since: Self.days(30), lastDigest: nil, sent: [], now: Self.now)) == ["today", "yesterday", "week", "old"])
        // After a digest two days ago, the window starts a week before it.
        #expect(ids(SendPlanner.digestPosts(feed: Self.feed, since: nil, lastDigest: Self.days(14), sent: [], now: Self.now)) == ["today", "yesterday", "week", "old"])
    }

    @Test func newPostsAreTheUnannouncedOnesOfTwoDaysOldestFirst() {
        #expect(SendPlanner.newPosts(feed: Self.feed, announced: [], now: Self.now).map(\.id) == ["yesterday", "today"])
        #expect(SendPlanner.newPosts(feed: Self.feed, announced: ["yesterday"], now: Self.now).map(\.id) == ["today"])
    }

    @Test func anAnnouncementIsTheNewestPublishedPostOrTheOneNamed() throws {
        #expect(try SendPlanner.announcement(.latest, feed: Self.feed, now: Self.now).id == "today")
        #expect(try SendPlanner.announcement(.post("HTTPS://b.example/week"), feed: Self.feed, now: Self.now).id == "week")
        #expect(throws: SendPlanner.ChoiceError.notInFeed("https://elsewhere.example/")) {
            try SendPlanner.announcement(.post("https://elsewhere.example/"), feed: Self.feed, now: Self.now)
        }
        #expect(throws: SendPlanner.ChoiceError.noPublishedPost) {
            try SendPlanner.announcement(.latest, feed: Feed(format: .rss20, title: "", posts: []), now: Self.now)
        }
    }
}
