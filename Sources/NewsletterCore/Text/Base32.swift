/// RFC 4648 §6 base 32 without padding: VERP tags (lowercase, safe in local parts) and
/// TOTP keys (uppercase, as authenticator apps show them).
public enum Base32 {
    public static func encode(_ bytes: some Sequence<UInt8>, lowercase: Bool = false) -> String {
        let alphabet = Array((lowercase ? "abcdefghijklmnopqrstuvwxyz234567" : "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567").utf8)
        var out: [UInt8] = []
        var buffer = 0, bits = 0
        for byte in bytes {
            buffer = ((buffer << 8) | Int(byte)) & 0xFFFF
            bits += 8
            while bits >= 5 {
                out.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: out, as: UTF8.self)
    }
}
