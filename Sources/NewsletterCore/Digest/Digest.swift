import Foundation

/// One issue of the newsletter: the posts it carries, when, and from whom.
public struct Digest: Sendable {
    /// A stable id for the issue (`2026-11-29`), used in links and the archive.
    public var issueID: String
    public var date: Date
    public var posts: [Post]
    public var identity: NewsletterIdentity

    public init(issueID: String, date: Date, posts: [Post], identity: NewsletterIdentity) {
        self.issueID = issueID
        self.date = date
        self.posts = posts
        self.identity = identity
    }

    /// The posts for an issue: published at or after `since`, not after `until` (scheduled
    /// posts wait for their day) and not already sent, newest first.
    public static func selectPosts(from feed: Feed, since: Date?, until: Date? = nil, excluding sent: Set<String> = [], limit: Int? = nil) -> [Post] {
        var posts = feed.newestFirst.filter { !sent.contains($0.id) }
        if let since { posts = posts.filter { ($0.date ?? .distantPast) >= since } }
        if let until { posts = posts.filter { ($0.date ?? .distantPast) <= until } }
        if let limit { posts = Array(posts.prefix(limit)) }
        return posts
    }
}
