import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1, 30-second
/// steps, 6 digits, what every authenticator app reads from an `otpauth://` URI.
public struct TOTP: Sendable {
    public let key: [UInt8]
    public static let step: Double = 30

    public init(secret: String) { key = Array(secret.utf8) }

    public static func step(at date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / step).rounded(.down)) }

    /// The code for a time step, as six digits.
    public func code(step: Int64) -> String {
        let counter = withUnsafeBytes(of: UInt64(bitPattern: step).bigEndian) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: counter, using: SymmetricKey(data: key)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let value = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let digits = String(value % 1_000_000)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// The step whose code `given` is, within one step of `now` (clocks drift), or nil.
    public func matchingStep(_ given: String, now: Date) -> Int64? {
        let digits = given.filter { !$0.isWhitespace }
        guard digits.count == 6, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        let current = Self.step(at: now)
        for step in [current, current - 1, current + 1] where ConstantTime.equal(Array(code(step: step).utf8), Array(digits.utf8)) {
            return step
        }
        return nil
    }

    /// The `otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER` URI an app scans.
    public func uri(account: String, issuer: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~@")
        let label = (issuer + ":" + account).addingPercentEncoding(withAllowedCharacters: allowed) ?? account
        let issuerQuery = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        return "otpauth://totp/\(label)?secret=\(base32)&issuer=\(issuerQuery)&algorithm=SHA1&digits=6&period=30"
    }

    /// The key in RFC 4648 base 32, without padding, for typing into an app.
    public var base32: String { Base32.encode(key) }
}
