import Foundation

/// A DKIM public key record at `selector._domainkey.domain` (RFC 6376 §3.6.1).
public struct DKIMKeyRecord: Sendable {
    /// `k=`: `rsa` when absent.
    public var keyType: String
    /// `p=` decoded; empty when the key was revoked.
    public var publicKey: [UInt8]
    /// `t=y`: the domain is testing DKIM; receivers may treat signed mail as unsigned.
    public var testing: Bool

    public struct SyntaxError: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ text: String) throws {
        let tags = TagList(text)
        if let v = tags["v"], v != "DKIM1" { throw SyntaxError(description: "its v= is '\(v)', not DKIM1") }
        if tags["v"] != nil, tags.firstName != "v" { throw SyntaxError(description: "its v= tag is not the first") }
        guard let p = tags["p"] else { throw SyntaxError(description: "it has no p= tag") }
        let compact = p.filter { !$0.isWhitespace }
        guard let key = Data(base64Encoded: compact) else { throw SyntaxError(description: "its p= is not base64") }
        keyType = tags["k"]?.lowercased() ?? "rsa"
        publicKey = [UInt8](key)
        testing = (tags["t"] ?? "").split(separator: ":").contains { $0.trimmingWhitespace().lowercased() == "y" }
    }

    /// True when the record holds `key`'s public key: the same bytes, or for RSA the
    /// PKCS#1 key inside the SubjectPublicKeyInfo (some publish the bare RSAPublicKey).
    public func holds(_ key: DKIMKey) -> Bool {
        let expected = key.publicKeyBytes
        switch key.algorithm {
        case .rsaSHA256:
            return keyType == "rsa" && (publicKey == expected || (publicKey.count > 64 && expected.count > publicKey.count
                && Array(expected.suffix(publicKey.count)) == publicKey))
        case .ed25519SHA256:
            return keyType == "ed25519" && publicKey == expected
        }
    }
}
