import Foundation
import Logging
import NewsletterCore

/// Why a feed could not be loaded.
public enum FeedLoadError: Error, CustomStringConvertible {
    case unreadableFile(path: String, reason: String)
    case httpStatus(url: String, status: Int)
    case fileTooLarge(path: String, limit: Int)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "The feed file \(path) cannot be read: \(reason)."
        case .httpStatus(let url, let status):
            return "The feed at \(url) answered HTTP \(status)\(status == 404 ? " (not found)" : status == 410 ? " (gone)" : "")."
        case .fileTooLarge(let path, let limit):
            return "The feed file \(path) is larger than the limit of \(limit >> 20) MB."
        }
    }
}
