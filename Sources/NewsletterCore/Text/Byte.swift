

/// ASCII byte helpers for the byte-level tokenizers.
enum Byte {
    static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), slash = UInt8(ascii: "/"), bang = UInt8(ascii: "!")
    static let question = UInt8(ascii: "?"), equals = UInt8(ascii: "="), quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'")
    static let amp = UInt8(ascii: "&"), semicolon = UInt8(ascii: ";"), hash = UInt8(ascii: "#"), space = UInt8(ascii: " ")
    static let newline = UInt8(ascii: "\n")

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isNameByte(_ b: UInt8) -> Bool { isLetter(b) || isDigit(b) || b == UInt8(ascii: ":") || b == UInt8(ascii: "-") }
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    static func lowercasedString(_ bytes: ArraySlice<UInt8>) -> String {
        if !bytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes.map(lower), as: UTF8.self)
    }

    /// Whether `needle` stands in `bytes` at `index`.
    static func matches(_ needle: StaticString, in bytes: [UInt8], at index: Int) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard index >= 0, index + count <= bytes.count else { return false }
        let p = needle.utf8Start
        for k in 0..<count where bytes[index + k] != p[k] { return false }
        return true
    }

    /// The first index at or after `start` where `needle` stands in `bytes`.
    static func find(_ needle: StaticString, in bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        let first = needle.utf8Start[0]
        while i + needle.utf8CodeUnitCount <= bytes.count {
            if bytes[i] == first, matches(needle, in: bytes, at: i) { return i }
            i += 1
        }
        return nil
    }

    /// `s` without leading and trailing ASCII white space, without going through Foundation.
    static func trimmed(_ s: String) -> String {
        let utf8 = s.utf8
        guard let first = utf8.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = utf8.lastIndex(where: { !isSpace($0) })!
        if first == utf8.startIndex, last == utf8.index(before: utf8.endIndex) { return s }
        return String(s[first...last])
    }
}

extension StringProtocol {
    /// Without leading and trailing blanks: tab and Unicode's space separators (Zs), as
    /// Foundation's `.whitespaces` trims, without going through `NSString`.
    var trimmedBlanks: String {
        let scalars = unicodeScalars
        func blank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || (c.value >= 0x80 && c.properties.generalCategory == .spaceSeparator) }
        guard let first = scalars.firstIndex(where: { !blank($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !blank($0) })!
        return String(self[first...last])
    }
}

extension Substring {
    /// The range of the first `needle` (ASCII) in the text, found in the UTF-8 view without
    /// going through `NSString` (whose search costs a hundred times more on Linux).
    func asciiRange(of needle: StaticString) -> Range<Index>? {
        let n = needle.utf8CodeUnitCount
        guard n > 0 else { return nil }
        let p = needle.utf8Start
        let view = utf8
        var i = view.startIndex
        while let at = view[i...].firstIndex(of: p[0]) {
            var j = at, k = 0
            while k < n, j < view.endIndex, view[j] == p[k] { view.formIndex(after: &j); k += 1 }
            if k == n { return at..<j }
            i = view.index(after: at)
        }
        return nil
    }
}

extension Sequence<UInt8> {
    /// The bytes in lowercase hexadecimal, without `String(format:)` (slow on Linux).
    var lowercaseHex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for b in self { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0x0F)]) }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Substring {
    /// The lines of the text, split at LF in the UTF-8 view (a CR before the LF dropped):
    /// `split(separator: "\n")` compares whole Characters, costs far more, and does not
    /// split at CRLF, which is one Character.
    func utf8Lines(omittingEmpty: Bool = false) -> [Substring] {
        var lines: [Substring] = []
        let view = utf8
        var start = view.startIndex
        func add(_ end: Index) {
            var e = end
            if e > start, view[view.index(before: e)] == 0x0D { e = view.index(before: e) }
            if !omittingEmpty || e > start { lines.append(self[start..<e]) }
        }
        var i = start
        while let nl = view[i...].firstIndex(of: 0x0A) {
            add(nl)
            start = view.index(after: nl)
            i = start
        }
        add(view.endIndex)
        return lines
    }
}

extension String {
    /// See `Substring.utf8Lines`.
    func utf8Lines(omittingEmpty: Bool = false) -> [Substring] { self[...].utf8Lines(omittingEmpty: omittingEmpty) }
}
