import Crypto
import Foundation

/// Click tracking (`NEWSLETTER_CLICK_TRACKING=aggregate`): the blog's links in an issue
/// go through `BASE/r/{issue}/{link}/{sig}`, where `link` is the target URL in base64url
/// and `sig` an HMAC over the issue and that link. The redirect can only go where the
/// newsletter itself pointed, and nothing in the URL names the reader: every copy of an
/// issue carries the same links.
public struct ClickLinks: Sendable {
    public let baseURL: String
    let secret: SymmetricKey

    /// The longest target accepted (a longer link is left as it is, untracked).
    public static let maxTargetLength = 2_000

    public init(baseURL: String, secret: SymmetricKey) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.secret = secret
    }

    /// The tracked form of `url` in `issue`; a URL that could not be redirected to safely
    /// (not http(s), control characters, too long) stays as it is.
    public func wrap(_ url: String, issue: String) -> String {
        guard Self.redirectable(url) else { return url }
        let link = SubscriberToken.base64url(Data(url.utf8))
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let segment = issue.addingPercentEncoding(withAllowedCharacters: allowed) ?? issue
        return baseURL + "/r/" + segment + "/" + link + "/" + Self.signature(issue: issue, link: link, secret: secret)
    }

    /// The URL a `/r/` request may redirect to: its link decoded, when the signature is
    /// the one this secret made for this issue and link; nil for anything else.
    public static func target(issue: String, link: String, signature: String, secret: SymmetricKey) -> String? {
        guard link.count <= maxTargetLength * 2, signature.utf8.count == signatureLength else { return nil }
        let expected = Self.signature(issue: issue, link: link, secret: secret)
        guard constantTimeEqual(Array(expected.utf8), Array(signature.utf8)),
              let data = SubscriberToken.decode(Substring(link)), let url = String(data: data, encoding: .utf8),
              redirectable(url) else { return nil }
        return url
    }

    static let signatureLength = 22

    static func signature(issue: String, link: String, secret: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("click|\(issue)|\(link)".utf8), using: secret)
        return String(SubscriberToken.base64url(Data(mac)).prefix(signatureLength))
    }

    /// An absolute http(s) URL with a host and no whitespace or control characters.
    static func redirectable(_ url: String) -> Bool {
        guard url.utf8.count <= maxTargetLength, !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else { return false }
        let parts = URLResolver.split(url)
        guard let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let authority = parts.authority, !UTM.host(authority).isEmpty else { return false }
        return true
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}

/// How often one link of an issue was followed.
public struct LinkClicks: Sendable, Equatable {
    public var url: String
    public var clicks: Int

    public init(url: String, clicks: Int) {
        self.url = url
        self.clicks = clicks
    }
}
