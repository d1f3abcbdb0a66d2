import Crypto
import Foundation

/// Random tokens for cookies, links and forms, and the hash the store keeps of them.
public enum RandomToken {
    /// 32 random bytes, base64url without padding.
    public static func make() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { SubscriberToken.base64url(Data($0)) }
    }

    /// A TOTP key's text: 20 characters of the base 32 alphabet (100 random bits).
    public static func totpSecret() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        return SymmetricKey(size: .bits256).withUnsafeBytes { bytes in String(bytes.prefix(20).map { alphabet[Int($0) & 31] }) }
    }

    /// What the store keeps of a token: SHA-256, hex.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).lowercaseHex
    }

    public static func equal(_ a: String, _ b: String) -> Bool { ConstantTime.equal(Array(a.utf8), Array(b.utf8)) }
}
