import Crypto
import Foundation
import NewsletterCore

/// OAuth 1.0a request signing with HMAC-SHA1 (RFC 5849 §3.4), as X's user context needs.
public struct OAuth1: Sendable {
    public var consumerKey: String
    public var consumerSecret: String
    public var token: String
    public var tokenSecret: String

    public init(consumerKey: String, consumerSecret: String, token: String, tokenSecret: String) {
        self.consumerKey = consumerKey
        self.consumerSecret = consumerSecret
        self.token = token
        self.tokenSecret = tokenSecret
    }

    /// The `oauth_*` protocol parameters for one request (`oauth_version` is optional in RFC 5849).
    public func protocolParameters(nonce: String, timestamp: Int, includeVersion: Bool = true) -> [(String, String)] {
        var parameters = [("oauth_consumer_key", consumerKey), ("oauth_nonce", nonce), ("oauth_signature_method", "HMAC-SHA1"),
                          ("oauth_timestamp", String(timestamp)), ("oauth_token", token)]
        if includeVersion { parameters.append(("oauth_version", "1.0")) }
        return parameters
    }

    /// RFC 5849 §3.4.1: `METHOD&base-uri&normalized-parameters`, where the parameters are
    /// the query's, the form body's (only for `application/x-www-form-urlencoded`) and the
    /// protocol parameters, each encoded, sorted by name then value.
    public static func signatureBaseString(method: String, url: String, parameters: [(String, String)]) -> String {
        let (base, query) = split(url)
        let all = query + parameters
        let encoded: [(name: String, value: String)] = all.map { (PercentEncoding.encode($0.0), PercentEncoding.encode($0.1)) }
        let sorted = encoded.sorted { a, b in a.name == b.name ? a.value < b.value : a.name < b.name }
        let normalized = sorted.map { pair in pair.name + "=" + pair.value }.joined(separator: "&")
        return method.uppercased() + "&" + PercentEncoding.encode(base) + "&" + PercentEncoding.encode(normalized)
    }

    /// The base64 HMAC-SHA1 signature of a base string (§3.4.2).
    public func signature(of baseString: String) -> String {
        let key = SymmetricKey(data: Data((PercentEncoding.encode(consumerSecret) + "&" + PercentEncoding.encode(tokenSecret)).utf8))
        return Data(HMAC<Insecure.SHA1>.authenticationCode(for: Data(baseString.utf8), using: key)).base64EncodedString()
    }

    /// The `Authorization: OAuth …` value (§3.5.1) for a request whose form-body parameters
    /// are `bodyParameters` (empty for a JSON body).
    public func authorization(method: String, url: String, bodyParameters: [(String, String)] = [], nonce: String = OAuth1.nonce(),
                              timestamp: Int = Int(Date().timeIntervalSince1970), includeVersion: Bool = true) -> String {
        let oauth = protocolParameters(nonce: nonce, timestamp: timestamp, includeVersion: includeVersion)
        let base = Self.signatureBaseString(method: method, url: url, parameters: bodyParameters + oauth)
        let fields = (oauth + [("oauth_signature", signature(of: base))]).sorted { $0.0 < $1.0 }
        return "OAuth " + fields.map { PercentEncoding.encode($0.0) + "=\"" + PercentEncoding.encode($0.1) + "\"" }.joined(separator: ", ")
    }

    /// 32 random alphanumerics.
    public static func nonce() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<32).map { _ in alphabet.randomElement()! })
    }

    /// The base URI (§3.4.1.2: scheme and host lowercased, default port dropped, no query)
    /// and the decoded query parameters (§3.4.1.3.1).
    static func split(_ url: String) -> (String, [(String, String)]) {
        let parts = URLResolver.split(url)
        let scheme = (parts.scheme ?? "https").lowercased()
        var authority = (parts.authority ?? "").lowercased()
        if scheme == "http", authority.hasSuffix(":80") { authority.removeLast(3) }
        if scheme == "https", authority.hasSuffix(":443") { authority.removeLast(4) }
        let path = parts.path.isEmpty ? "/" : parts.path
        return (scheme + "://" + authority + path, FormEncoding.pairs(parts.query ?? ""))
    }
}
