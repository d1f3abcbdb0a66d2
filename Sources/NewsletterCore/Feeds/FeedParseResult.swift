import Foundation

/// The result of reading a feed: the feed and the diagnostics met on the way.
public struct FeedParseResult: Sendable {
    public var feed: Feed
    public var diagnostics: [FeedDiagnostic]
    /// The charset the document was decoded from.
    public var charset: String
}
