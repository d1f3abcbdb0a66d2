import Foundation

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
