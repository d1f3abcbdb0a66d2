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

/// `application/x-www-form-urlencoded` bodies and queries, written strictly (RFC 3986
/// unreserved set) and read leniently (`+` is a space).
public enum FormEncoding {
    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { PercentEncoding.encode($0.0) + "=" + PercentEncoding.encode($0.1) }.joined(separator: "&")
    }

    public static func decode(_ s: String) -> String {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? s
    }

    /// The decoded name/value pairs, in order (a name without `=` has an empty value).
    public static func pairs(_ text: String) -> [(String, String)] {
        text.split(separator: "&").map { pair in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(String(kv[0])), kv.count > 1 ? decode(String(kv[1])) : "")
        }
    }
}
