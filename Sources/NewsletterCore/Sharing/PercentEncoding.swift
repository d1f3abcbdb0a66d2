/// Strict percent-encoding (RFC 3986 §2.1): everything but the unreserved set
/// (`A-Z a-z 0-9 - . _ ~`) is encoded, so `+`, `&`, `#` and emoji survive a round trip.
public enum PercentEncoding {
    public static func encode(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            if Byte.isLetter(b) || Byte.isDigit(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "~") {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += "%" + String(b >> 4, radix: 16, uppercase: true) + String(b & 0x0F, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
