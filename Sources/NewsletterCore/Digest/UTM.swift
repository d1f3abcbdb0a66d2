/// Campaign tags on the blog's own links (`utm_source`, `utm_medium`, `utm_campaign`),
/// never replacing a parameter the link already has.
public struct UTM: Sendable, Equatable {
    public var source: String
    public var medium: String
    public var campaign: String

    public init(source: String, medium: String, campaign: String) {
        self.source = source
        self.medium = medium
        self.campaign = campaign
    }

    /// `url` with the tags added, when its host is one of `hosts`; other links unchanged.
    public func tag(_ url: String, hosts: Set<String>) -> String {
        let parts = URLResolver.split(url)
        guard Self.isWebLink(parts, on: hosts), let scheme = parts.scheme?.lowercased(), let authority = parts.authority else { return url }
        let existing = Set((parts.query ?? "").split(separator: "&").map { $0.split(separator: "=", maxSplits: 1).first.map(String.init) ?? "" })
        var added: [String] = []
        for (key, value) in [("utm_source", source), ("utm_medium", medium), ("utm_campaign", campaign)] where !existing.contains(key) {
            added.append(key + "=" + PercentEncoding.encode(value))
        }
        guard !added.isEmpty else { return url }
        var out = scheme + "://" + authority + parts.path
        let query = [parts.query].compactMap { $0 }.filter { !$0.isEmpty } + added
        out += "?" + query.joined(separator: "&")
        if let fragment = parts.fragment { out += "#" + fragment }
        return out
    }

    /// An http(s) link to one of `hosts`.
    public static func isWebLink(_ url: String, on hosts: Set<String>) -> Bool { isWebLink(URLResolver.split(url), on: hosts) }

    static func isWebLink(_ parts: URLResolver.Parts, on hosts: Set<String>) -> Bool {
        guard let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https", let authority = parts.authority else { return false }
        return hosts.contains(host(authority))
    }

    /// The lowercase host of an authority, without user info or port.
    public static func host(_ authority: String) -> String {
        var host = Substring(authority)
        if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
        if !host.hasPrefix("["), let colon = host.lastIndex(of: ":") { host = host[..<colon] }
        return host.lowercased()
    }
}
