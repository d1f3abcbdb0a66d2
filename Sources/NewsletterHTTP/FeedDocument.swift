import Foundation
import Logging
import NewsletterCore

/// The raw document of a feed, ready for `FeedParser`.
public struct FeedDocument: Sendable {
    public var data: Data
    /// The document's URL, for resolving relative links.
    public var url: String?
    public var contentType: String?
    /// True when the server answered 304 and the cached copy was used.
    public var notModified: Bool
}
