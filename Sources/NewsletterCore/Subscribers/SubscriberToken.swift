import Crypto
import Foundation

/// Signed, expiring tokens for confirm and unsubscribe links: `payload.signature`, both
/// base64url (RFC 4648 §5), the signature an HMAC-SHA256 (RFC 2104) of the payload.
public struct SubscriberToken: Sendable, Equatable {
    public enum Purpose: String, Sendable {
        case confirm = "c"
        case unsubscribe = "u"
        /// The preferences page (cadence, pause, name), linked from every newsletter.
        case preferences = "p"
    }

    public let purpose: Purpose
    public let email: String
    /// Seconds since the epoch after which the token is refused; nil never expires.
    public let expires: Int?

    public init(purpose: Purpose, email: String, expires: Int?) {
        self.purpose = purpose
        self.email = email
        self.expires = expires
    }

    /// Why a token was refused.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case malformed, forged, expired, wrongPurpose

        public var description: String {
            switch self {
            case .malformed: "The link is not valid: its token is malformed."
            case .forged: "The link is not valid: its token was not issued by this newsletter."
            case .expired: "The link has expired."
            case .wrongPurpose: "The link is not valid for this action."
            }
        }
    }

    /// The token text, signed with `secret`.
    public func signed(with secret: SymmetricKey) -> String {
        signed(with: HMAC<SHA256>(key: secret))
    }

    /// The token text, signed with an authenticator already keyed with the secret (a send
    /// keys one and copies it for every token, instead of deriving the key pads each time).
    public func signed(with keyed: HMAC<SHA256>) -> String {
        let payload = [purpose.rawValue, expires.map(String.init) ?? "", email].joined(separator: "|")
        var authenticator = keyed
        authenticator.update(data: Data(payload.utf8))
        return Self.base64url(Data(payload.utf8)) + "." + Self.base64url(Data(authenticator.finalize()))
    }

    /// Checks `text` and returns the token it carries. The signature comparison is constant-time.
    public static func verify(_ text: String, purpose: Purpose, secret: SymmetricKey, now: Date) throws(Failure) -> SubscriberToken {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, text.utf8.count < 2048, let payload = decode(parts[0]), let mac = decode(parts[1]) else { throw .malformed }
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: secret) else { throw .forged }
        let fields = String(decoding: payload, as: UTF8.self).split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, let kind = Purpose(rawValue: String(fields[0])) else { throw .malformed }
        guard kind == purpose else { throw .wrongPurpose }
        let expires = fields[1].isEmpty ? nil : Int(fields[1])
        if let expires, Double(expires) < now.timeIntervalSince1970 { throw .expired }
        return SubscriberToken(purpose: kind, email: String(fields[2]), expires: expires)
    }

    static func base64url(_ data: Data) -> String {
        var out: [UInt8] = []
        for b in data.base64EncodedString().utf8 where b != UInt8(ascii: "=") {
            out.append(b == UInt8(ascii: "+") ? UInt8(ascii: "-") : b == UInt8(ascii: "/") ? UInt8(ascii: "_") : b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ s: Substring) -> Data? {
        var bytes = s.utf8.map { $0 == UInt8(ascii: "-") ? UInt8(ascii: "+") : $0 == UInt8(ascii: "_") ? UInt8(ascii: "/") : $0 }
        while bytes.count % 4 != 0 { bytes.append(UInt8(ascii: "=")) }
        return Data(base64Encoded: Data(bytes))
    }
}
