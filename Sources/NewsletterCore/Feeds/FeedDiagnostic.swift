import Foundation

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
