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

/// A DMARC record at `_dmarc.domain` (RFC 7489 §6.3).
public struct DMARCRecord: Sendable {
    public var policy: String
    public var subdomainPolicy: String?
    /// `adkim=s` / `aspf=s`: strict alignment (the same domain, not just the organisation).
    public var strictDKIM: Bool
    public var strictSPF: Bool
    public var reportAddresses: [String]

    public struct SyntaxError: Error, CustomStringConvertible {
        public let description: String
    }

    static let policies: Set<String> = ["none", "quarantine", "reject"]

    public static func isDMARC(_ text: String) -> Bool {
        let lower = text.lowercased().filter { $0 != " " }
        return lower == "v=dmarc1" || lower.hasPrefix("v=dmarc1;")
    }

    public init(_ text: String) throws {
        let tags = TagList(text)
        guard tags.firstName == "v", tags["v"] == "DMARC1" else { throw SyntaxError(description: "it does not start with v=DMARC1") }
        guard let p = tags["p"]?.lowercased() else { throw SyntaxError(description: "it has no p= policy") }
        guard Self.policies.contains(p) else { throw SyntaxError(description: "its policy p=\(p) is not none, quarantine or reject") }
        policy = p
        if let sp = tags["sp"]?.lowercased() {
            guard Self.policies.contains(sp) else { throw SyntaxError(description: "its subdomain policy sp=\(sp) is not none, quarantine or reject") }
            subdomainPolicy = sp
        }
        for tag in ["adkim", "aspf"] {
            if let value = tags[tag]?.lowercased(), value != "r", value != "s" {
                throw SyntaxError(description: "its \(tag)=\(value) is neither r nor s")
            }
        }
        strictDKIM = tags["adkim"]?.lowercased() == "s"
        strictSPF = tags["aspf"]?.lowercased() == "s"
        reportAddresses = (tags["rua"] ?? "").split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}
