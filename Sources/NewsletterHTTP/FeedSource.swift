import Foundation
import Logging
import NewsletterCore

/// Where a feed comes from: the bundled sample, a file, or an http(s) URL.
public enum FeedSource: Sendable, Equatable, CustomStringConvertible {
    case sample
    case file(String)
    case url(String)

    /// Reads `NEWSLETTER_FEED`-style text: a URL with an http(s) scheme, otherwise a path.
    public init(_ text: String) {
        let lower = text.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            self = .url(text)
        } else if lower == "sample" || lower == "sample:" {
            self = .sample
        } else {
            self = .file(text)
        }
    }

    public var description: String {
        switch self {
        case .sample: return "the bundled sample feed"
        case .file(let path): return path
        case .url(let url): return url
        }
    }
}
