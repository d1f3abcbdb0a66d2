import Foundation

extension Feed {
    /// The post a person names by its URL (or its id), compared as `comparableURL` does,
    /// newest first on a tie: what `send --post`, `preview --post` and `share --post` look up.
    public func post(at url: String) -> Post? {
        let wanted = Self.comparableURL(url)
        return newestFirst.first { $0.url.map(Self.comparableURL) == wanted || Self.comparableURL($0.id) == wanted }
    }

    /// URLs compared without the scheme's case, a trailing slash or a fragment, http as https.
    public static func comparableURL(_ url: String) -> String {
        var s = url.trimmingCharacters(in: .whitespaces)
        if let hash = s.firstIndex(of: "#") { s = String(s[..<hash]) }
        while s.hasSuffix("/") { s.removeLast() }
        if let range = s.range(of: "://") { s = s[..<range.lowerBound].lowercased() + s[range.lowerBound...] }
        return s.replacingOccurrences(of: "http://", with: "https://")
    }
}
