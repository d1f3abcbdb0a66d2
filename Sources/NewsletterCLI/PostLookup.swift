import Foundation
import NewsletterCore

/// Finding the post a command names by its URL.
enum PostLookup {
    /// The feed's post at `url` (compared as `comparable` does), newest first on a tie.
    static func post(at url: String, in feed: Feed) -> Post? {
        let wanted = comparable(url)
        return feed.newestFirst.first { $0.url.map(comparable) == wanted || comparable($0.id) == wanted }
    }

    /// URLs compared without the scheme's case, a trailing slash or a fragment.
    static func comparable(_ url: String) -> String {
        var s = url.trimmingCharacters(in: .whitespaces)
        if let hash = s.firstIndex(of: "#") { s = String(s[..<hash]) }
        while s.hasSuffix("/") { s.removeLast() }
        if let range = s.range(of: "://") { s = s[..<range.lowerBound].lowercased() + s[range.lowerBound...] }
        return s.replacingOccurrences(of: "http://", with: "https://")
    }
}
