/// A `tag=value; tag=value` list as DKIM key records and DMARC records write them
/// (RFC 6376 §3.2, RFC 7489 §6.4): tags lowercased, values trimmed, folding whitespace dropped.
struct TagList {
    var tags: [(name: String, value: String)] = []

    init(_ text: String) {
        for piece in text.split(separator: ";") {
            guard let eq = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<eq].trimmingWhitespace().lowercased()
            let value = piece[piece.index(after: eq)...].trimmingWhitespace()
            if !name.isEmpty { tags.append((name, value)) }
        }
    }

    subscript(_ name: String) -> String? { tags.first { $0.name == name }?.value }

    /// The first tag's name, for `v=` that must come first.
    var firstName: String? { tags.first?.name }
}

extension Substring {
    func trimmingWhitespace() -> String {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" || c == "\r" || c == "\n" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" || c == "\n" { s = s.dropLast() }
        return String(s)
    }
}
