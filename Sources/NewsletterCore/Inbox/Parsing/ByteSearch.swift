/// Substring search over UTF-8 bytes (a first-byte scan, then a compare), for the phrase tables of the report
/// parser: Foundation's `range(of:)` and `contains(_:)` on Linux cost a hundred times more.
struct ByteText {
    let bytes: [UInt8]

    /// The text's bytes, ASCII letters lowercased when `lowercase`.
    init(_ text: some StringProtocol, lowercase: Bool = false) {
        bytes = lowercase ? text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 } : Array(text.utf8)
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// The byte offset of the first occurrence of `needle` (UTF-8; lowercase it yourself),
    /// found by the C library's `memmem`.
    func offset(of needle: String) -> Int? {
        var needle = needle
        return needle.withUTF8 { n -> Int? in
            guard n.count > 0 else { return 0 }
            guard n.count <= bytes.count else { return nil }
            return bytes.withUnsafeBytes { h -> Int? in
                guard let found = cMemmem(h.baseAddress, h.count, n.baseAddress, n.count) else { return nil }
                return h.baseAddress!.distance(to: UnsafeRawPointer(found))
            }
        }
    }

    func contains(_ needle: String) -> Bool { offset(of: needle) != nil }
}

/// The C library's `memmem` (a GNU and BSD extension the Glibc module does not export).
@_silgen_name("memmem")
private func cMemmem(_ haystack: UnsafeRawPointer?, _ haystackLength: Int, _ needle: UnsafeRawPointer?, _ needleLength: Int) -> UnsafeMutableRawPointer?
