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

/// The formats the reader recognises, detected from content.
public enum FeedFormat: String, Sendable, CaseIterable {
    case rss20 = "RSS 2.0"
    case rss09x = "RSS 0.9x"
    case rss10 = "RSS 1.0"
    case atom10 = "Atom 1.0"
    case atom03 = "Atom 0.3"
    case jsonFeed = "JSON Feed"
    case wordpress = "WordPress REST API"
}

/// A recoverable problem found while reading a feed: the feed was still read.
public struct FeedDiagnostic: Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line in the document, for XML feeds.
    public var line: Int?
    /// The 1-based position of the item concerned, if any.
    public var item: Int?
    public var message: String

    public init(line: Int? = nil, item: Int? = nil, message: String) {
        self.line = line
        self.item = item
        self.message = message
    }

    public var description: String {
        var where_: [String] = []
        if let line { where_.append("line \(line)") }
        if let item { where_.append("item \(item)") }
        return where_.isEmpty ? message : where_.joined(separator: ", ") + ": " + message
    }
}

/// The result of reading a feed: the feed and the diagnostics met on the way.
public struct FeedParseResult: Sendable {
    public var feed: Feed
    public var diagnostics: [FeedDiagnostic]
    /// The charset the document was decoded from.
    public var charset: String
}

/// Why a document could not be read as a feed at all.
public enum FeedError: Error, Equatable, CustomStringConvertible {
    case empty(source: String)
    case notAFeed(source: String, found: String)
    case malformedJSON(source: String, detail: String)

    public var description: String {
        switch self {
        case .empty(let source):
            return "The feed at \(source) is empty."
        case .notAFeed(let source, let found):
            return "The document at \(source) is not a feed (RSS, Atom, JSON Feed or WordPress posts): \(found)."
        case .malformedJSON(let source, let detail):
            return "The document at \(source) is not valid JSON: \(detail)."
        }
    }
}
