/// Substring search over UTF-8 bytes (a first-byte scan, then a compare), for the phrase tables of the report
/// parser: Foundation's `range(of:)` and `contains(_:)` on Linux cost a hundred times more.
struct ByteText {
    let bytes: [UInt8]

    /// The text's bytes, ASCII letters lowercased when `lowercase`.
    init(_ text: some StringProtocol, lowercase: Bool = false) {
        bytes = lowercase ? text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 } : Array(text.utf8)
    }

    /// The byte offset of the first occurrence of `needle` (UTF-8; lowercase it yourself).
    func offset(of needle: String) -> Int? {
        var needle = needle
        return needle.withUTF8 { n -> Int? in
            guard n.count > 0, n.count <= bytes.count else { return n.count == 0 ? 0 : nil }
            return bytes.withUnsafeBufferPointer { h -> Int? in
                let first = n[0]
                let last = h.count - n.count
                var i = 0
                outer: while i <= last {
                    if h[i] != first { i += 1; continue }
                    var j = 1
                    while j < n.count {
                        if h[i + j] != n[j] { i += 1; continue outer }
                        j += 1
                    }
                    return i
                }
                return nil
            }
        }
    }

    func contains(_ needle: String) -> Bool { offset(of: needle) != nil }
}
