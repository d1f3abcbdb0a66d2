import Crypto
import _CryptoExtras
import Foundation

/// A DKIM signing key, RSA or Ed25519, detected from its PEM (RFC 6376 §3.3, RFC 8463).
public struct DKIMKey: @unchecked Sendable {
    public enum Algorithm: String, Sendable {
        case rsaSHA256 = "rsa-sha256"
        case ed25519SHA256 = "ed25519-sha256"
    }

    enum Material {
        case rsa(_RSA.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
    }

    let material: Material
    /// The same RSA key in the system's libcrypto, which signs faster; nil for Ed25519.
    let systemRSA: SystemRSAKey?

    public var algorithm: Algorithm {
        switch material {
        case .rsa: .rsaSHA256
        case .ed25519: .ed25519SHA256
        }
    }

    /// Why a key could not be used.
    public struct KeyError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads a PEM private key: `RSA PRIVATE KEY` (PKCS#1) or `PRIVATE KEY` (PKCS#8, RSA or
    /// Ed25519). `source` names the key in errors.
    public init(pem: String, source: String = "the DKIM key") throws {
        guard let der = Self.derBody(of: pem) else {
            throw KeyError(description: "\(source) is not a PEM private key (no BEGIN/END PRIVATE KEY block).")
        }
        // id-Ed25519 (RFC 8410): 06 03 2B 65 70.
        if der.count == 48, der.firstRange(of: [0x06, 0x03, 0x2B, 0x65, 0x70]) != nil {
            // PKCS#8 with the 32-byte seed as the last octets (RFC 8410 §7).
            guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32)) else {
                throw KeyError(description: "\(source) is an Ed25519 key that cannot be read.")
            }
            material = .ed25519(key)
            systemRSA = nil
            return
        }
        do {
            material = .rsa(try _RSA.Signing.PrivateKey(pemRepresentation: pem))
        } catch {
            do {
                material = .rsa(try _RSA.Signing.PrivateKey(unsafePEMRepresentation: pem))
            } catch {
                throw KeyError(description: "\(source) is neither an RSA nor an Ed25519 private key.")
            }
        }
        systemRSA = SystemRSAKey(der: der)
    }

    /// A PKCS#8 PEM (RFC 8410) for an Ed25519 key: a fresh one, or the one with this seed.
    public static func ed25519PEM(seed: Data = Curve25519.Signing.PrivateKey().rawRepresentation) -> String {
        let der = Data([0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]) + seed
        return "-----BEGIN PRIVATE KEY-----\n" + der.base64EncodedString() + "\n-----END PRIVATE KEY-----\n"
    }

    /// The TXT record to publish at `selector._domainkey.domain` (RFC 6376 §3.6.1).
    public var dnsRecord: String {
        switch material {
        case .rsa: "v=DKIM1; k=rsa; p=" + Data(publicKeyBytes).base64EncodedString()
        case .ed25519: "v=DKIM1; k=ed25519; p=" + Data(publicKeyBytes).base64EncodedString()
        }
    }

    /// The public key as `p=` carries it: an RSA SubjectPublicKeyInfo in DER, or the 32 raw
    /// octets of an Ed25519 key (RFC 8463 §4.2).
    public var publicKeyBytes: [UInt8] {
        switch material {
        case .rsa(let key): [UInt8](key.publicKey.derRepresentation)
        case .ed25519(let key): [UInt8](key.publicKey.rawRepresentation)
        }
    }

    /// "RSA-2048" or "Ed25519", for messages.
    public var summary: String {
        switch material {
        case .rsa(let key): "RSA-\(key.keySizeInBits)"
        case .ed25519: "Ed25519"
        }
    }

    /// A new private key's PEM: RSA-2048 (PKCS#1) or Ed25519 (PKCS#8, RFC 8410).
    public static func generatePEM(_ algorithm: Algorithm) throws -> String {
        switch algorithm {
        case .rsaSHA256: try _RSA.Signing.PrivateKey(keySize: .bits2048).pemRepresentation + "\n"
        case .ed25519SHA256: ed25519PEM()
        }
    }

    /// Signs the SHA-256 hash of `data`: PKCS #1 v1.5 for RSA (RFC 8017 §8.2), PureEdDSA
    /// over the hash for Ed25519 (RFC 8463 §3).
    func sign(_ data: [UInt8]) throws -> Data {
        let digest = SHA256.hash(data: data)
        switch material {
        case .rsa(let key):
            if let systemRSA, let signature = systemRSA.sign(sha256: Array(digest)) { return Data(signature) }
            return try key.signature(for: digest, padding: .insecurePKCS1v1_5).rawRepresentation
        case .ed25519(let key):
            return try key.signature(for: Data(digest))
        }
    }

    private static func derBody(of pem: String) -> [UInt8]? {
        let lines = pem.split(whereSeparator: \.isNewline).map { Byte.trimmed(String($0)) }
        guard let begin = lines.firstIndex(where: { $0.hasPrefix("-----BEGIN") && $0.hasSuffix("PRIVATE KEY-----") }),
              let end = lines.firstIndex(where: { $0.hasPrefix("-----END") }), begin < end else { return nil }
        let body = lines[(begin + 1)..<end].filter { !$0.contains(":" as Character) }.joined()
        return Data(base64Encoded: body).map { [UInt8]($0) }
    }
}
