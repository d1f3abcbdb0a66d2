import Foundation

/// The header fields of a received message or body part (RFC 5322 §2.2): unfolded, in
/// order, looked up without regard to case, with RFC 2047 encoded-words decoded on request.
public struct MailHeaders: Sendable {
    public private(set) var fields: [(name: String, value: String)] = []
    /// The names, ASCII-lowercased once, for lookups.
    private var keys: [String] = []

    public init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
        keys = fields.map { Self.key($0.name) }
    }

    static func key(_ name: String) -> String {
        String(decoding: name.utf8.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    private static func trimmed(_ s: Substring) -> String {
        let utf8 = s.utf8
        guard let start = utf8.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        let end = utf8.index(after: utf8.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })!)
        return String(s[start..<end])
    }

    /// Reads header lines (LF line ends, already split); continuation lines join the field
    /// before them. A line that is neither a field nor a continuation is skipped.
    init(lines: ArraySlice<Substring>) {
        for line in lines {
            if let first = line.first, first == " " || first == "\t" {
                if let last = fields.indices.last {
                    fields[last].value += " " + Self.trimmed(line)
                }
                continue
            }
            guard let colon = line.utf8.firstIndex(of: 0x3A) else { continue }
            let name = Self.trimmed(line[..<colon])
            guard !name.isEmpty, !name.utf8.contains(0x20) else { continue }
            fields.append((name, Self.trimmed(line[line.index(after: colon)...])))
        }
        // The lines hold one scalar per octet; a header in raw UTF-8 (RFC 6532) is decoded here.
        for i in fields.indices where fields[i].value.utf8.contains(where: { $0 >= 0x80 }) {
            let bytes = fields[i].value.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
            fields[i].value = Charsets.decode(bytes, charset: "utf-8")
        }
        keys = fields.map { Self.key($0.name) }
    }

    /// The first field of this name, raw (encoded-words left as they are).
    public subscript(_ name: String) -> String? {
        let key = Self.key(name)
        return keys.firstIndex(of: key).map { fields[$0].value }
    }

    /// Every field of this name, in order.
    public func all(_ name: String) -> [String] {
        let key = Self.key(name)
        return keys.indices.filter { keys[$0] == key }.map { fields[$0].value }
    }

    /// The first field of this name with RFC 2047 encoded-words decoded.
    public func decoded(_ name: String) -> String? {
        self[name].map(EncodedWords.decode)
    }

    public var isEmpty: Bool { fields.isEmpty }
}

/// Splits a structured field such as `Content-Type` into its value and parameters
/// (RFC 2045 §5.1), lowercasing the value and the parameter names; RFC 2231 continuations
/// and charsets (`name*0*=`, `name*=utf-8''…`) are joined and decoded.
enum HeaderParameters {
    static func split(_ field: String) -> (value: String, parameters: [String: String]) {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for c in field {
            if escaped { current.append(c); escaped = false; continue }
            if c == "\\" && quoted { escaped = true; continue }
            if c == "\"" { quoted.toggle(); continue }
            if c == ";" && !quoted { parts.append(current); current = ""; continue }
            current.append(c)
        }
        parts.append(current)
        let value = parts.first.map { $0.trimmedBlanks.lowercased() } ?? ""
        var raw: [(String, String)] = []
        for part in parts.dropFirst() {
            guard let eq = part.firstIndex(of: "=") else { continue }
            let name = part[..<eq].trimmedBlanks.lowercased()
            let v = part[part.index(after: eq)...].trimmedBlanks
            raw.append((name, v))
        }
        var parameters: [String: String] = [:]
        var continued: [String: [(Int, String, Bool)]] = [:]
        for (name, v) in raw {
            if let star = name.firstIndex(of: "*") {
                let base = String(name[..<star])
                let rest = name[name.index(after: star)...]
                let encoded = rest.hasSuffix("*") || rest.isEmpty
                let index = Int(rest.trimmingCharacters(in: CharacterSet(charactersIn: "*"))) ?? 0
                continued[base, default: []].append((index, v, encoded))
            } else if parameters[name] == nil {
                parameters[name] = v
            }
        }
        for (base, pieces) in continued where parameters[base] == nil {
            var charset = "utf-8"
            var bytes: [UInt8] = []
            for (i, piece) in pieces.sorted(by: { $0.0 < $1.0 }).enumerated() {
                var text = Substring(piece.1)
                if piece.2 {
                    if i == 0, let q1 = text.firstIndex(of: "'"), let q2 = text[text.index(after: q1)...].firstIndex(of: "'") {
                        charset = String(text[..<q1]).isEmpty ? charset : String(text[..<q1])
                        text = text[text.index(after: q2)...]
                    }
                    bytes += PercentBytes.decode(text)
                } else {
                    bytes += Array(text.utf8)
                }
            }
            parameters[base] = Charsets.decode(bytes, charset: charset)
        }
        return (value, parameters)
    }
}

enum PercentBytes {
    static func decode(_ s: Substring) -> [UInt8] {
        var out: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%"), it.count >= 2, let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
                out.append(v)
                it = it.dropFirst(2)
            } else {
                out.append(b)
            }
        }
        return out
    }
}
