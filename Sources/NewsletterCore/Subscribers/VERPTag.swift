import Crypto
import Foundation

/// The tag of a VERP envelope sender (`bounces+TAG@clinic.example`): it names the
/// subscriber and the issue of one copy and carries a MAC made with the token secret, so a
/// bounce is attributed to the copy it answers and a forged tag attributes nothing.
///
/// `TAG` is `<subscriber id, base 36>.<issue id>.<MAC>`: lowercase letters, digits, `-` and
/// `.`, safe in an SMTP local part (RFC 5321 §4.1.2, dot-atom) and in a URL, and unchanged
/// by servers that lowercase local parts. The MAC is the first 8 bytes of HMAC-SHA256 over
/// `verp|<id>|<issue>`, in lowercase base 32 (13 characters).
public struct VERPTag: Sendable, Equatable {
    public var subscriberID: Int64
    public var issueID: String

    public init(subscriberID: Int64, issueID: String) {
        self.subscriberID = subscriberID
        self.issueID = issueID
    }

    /// Whether an issue id can go in a tag (ours are `2026-11-27` and `2026-11-27-2`).
    public static func canTag(issueID: String) -> Bool {
        !issueID.isEmpty && issueID.count <= 64
            && issueID.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// The signed tag.
    public func signed(with secret: SymmetricKey) -> String {
        String(subscriberID, radix: 36) + "." + issueID + "." + Self.mac(subscriberID, issueID, secret)
    }

    /// `base` with the signed tag after a `+` in its local part: `bounces+TAG@domain`.
    public func address(base: String, secret: SymmetricKey) -> String {
        guard let at = base.lastIndex(of: "@") else { return base }
        return base[..<at] + "+" + signed(with: secret) + base[at...]
    }

    /// The tag of a VERP address made from `base`, verified; nil for any other address, a
    /// malformed tag or a MAC that does not match. Case does not matter.
    public static func parse(address: String, base: String, secret: SymmetricKey) -> VERPTag? {
        let address = address.trimmingCharacters(in: CharacterSet(charactersIn: "<> \t")).lowercased()
        let base = base.lowercased()
        guard let at = base.lastIndex(of: "@"), let addressAt = address.lastIndex(of: "@"),
              address[addressAt...] == base[at...] else { return nil }
        let prefix = base[..<at] + "+"
        let local = address[..<addressAt]
        guard local.hasPrefix(prefix) else { return nil }
        return verify(String(local.dropFirst(prefix.count)), secret: secret)
    }

    /// A bare tag, verified.
    public static func verify(_ tag: String, secret: SymmetricKey) -> VERPTag? {
        let parts = tag.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].count <= 64, let id = Int64(parts[0], radix: 36), id >= 0 else { return nil }
        let issue = String(parts[1])
        guard canTag(issueID: issue) else { return nil }
        let expected = mac(id, issue, secret)
        // Constant-time comparison of the MAC.
        guard parts[2].utf8.count == expected.utf8.count,
              zip(parts[2].utf8, expected.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else { return nil }
        return VERPTag(subscriberID: id, issueID: issue)
    }

    static func mac(_ id: Int64, _ issue: String, _ secret: SymmetricKey) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("verp|\(id)|\(issue.lowercased())".utf8), using: secret)
        return base32(Array(code.prefix(8)))
    }

    /// RFC 4648 §6 base 32, lowercase, without padding.
    static func base32(_ bytes: [UInt8]) -> String { Base32.encode(bytes, lowercase: true) }
}
