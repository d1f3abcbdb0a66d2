import Foundation

/// Why a document could not be read as a feed at all.
public enum FeedError: Error, Equatable, CustomStringConvertible {
    case empty(source: String)
    case notAFeed(source: String, found: String)
    case malformedJSON(source: String, detail: String)
    /// A document that would cost more than any feed may: it was not read at all.
    case refused(source: String, reason: String)

    public var description: String {
        switch self {
        case .empty(let source):
            return "The feed at \(source) is empty."
        case .notAFeed(let source, let found):
            return "The document at \(source) is not a feed (RSS, Atom, JSON Feed or WordPress posts): \(found)."
        case .malformedJSON(let source, let detail):
            return "The document at \(source) is not valid JSON: \(detail)."
        case .refused(let source, let reason):
            return "The feed at \(source) was not read: \(reason)."
        }
    }
}
