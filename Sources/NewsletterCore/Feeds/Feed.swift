import Foundation

/// A parsed feed: what it says about the blog, and its posts in document order.
public struct Feed: Sendable {
    public var format: FeedFormat
    public var title: String
    /// The blog's home page.
    public var homePage: String?
    public var language: String?
    /// When the feed says it last changed (RSS `pubDate`/`lastBuildDate`, Atom `updated`).
    public var updated: Date?
    public var posts: [Post]

    public init(format: FeedFormat, title: String, homePage: String? = nil, language: String? = nil, updated: Date? = nil, posts: [Post]) {
        self.format = format
        self.title = title
        self.homePage = homePage
        self.language = language
        self.updated = updated
        self.posts = posts
    }

    /// Posts newest first; undated posts keep their feed order after the dated ones.
    public var newestFirst: [Post] {
        posts.enumerated().sorted { a, b in
            switch (a.element.date, b.element.date) {
            case let (x?, y?): return x != y ? x > y : a.offset < b.offset
            case (.some, .none): return true
            case (.none, .some): return false
            case (.none, .none): return a.offset < b.offset
            }
        }.map(\.element)
    }
}
