import Foundation

/// How a TXT record is written in a zone file: character-strings of at most 255 octets
/// (RFC 1035 §3.3.14, RFC 7208 §3.3 for how SPF rejoins them).
public enum TXTRecordText {
    /// `value` cut into strings of at most `limit` octets, never inside a UTF-8 sequence.
    public static func strings(_ value: String, limit: Int = 255) -> [String] {
        var out: [String] = []
        var current: [UInt8] = []
        for scalar in value.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if current.count + bytes.count > limit {
                out.append(String(decoding: current, as: UTF8.self))
                current = []
            }
            current += bytes
        }
        if !current.isEmpty || out.isEmpty { out.append(String(decoding: current, as: UTF8.self)) }
        return out
    }

    /// One zone-file line: `name. 3600 IN TXT "…" "…"`, strings quoted with `"` and `\` escaped.
    public static func zoneLine(name: String, value: String, ttl: Int = 3600) -> String {
        let quoted = strings(value).map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        let owner = name.hasSuffix(".") ? name : name + "."
        return quoted.count == 1
            ? "\(owner) \(ttl) IN TXT \(quoted[0])"
            : "\(owner) \(ttl) IN TXT ( " + quoted.joined(separator: "\n    ") + " )"
    }
}
