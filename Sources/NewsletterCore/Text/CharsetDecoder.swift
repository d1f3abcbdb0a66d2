import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a document's bytes into UTF-8, choosing the charset the way RFC 7303 §3 and
/// XML 1.0 Appendix F say: a byte order mark first, then the HTTP `charset` parameter, then
/// the XML declaration's `encoding`, then UTF-8.
public enum CharsetDecoder {
    public struct Decoded: Sendable {
        /// The document as UTF-8, without a byte order mark.
        public let utf8: [UInt8]
        /// The charset used, as a lowercase IANA name (`utf-8`, `utf-16le`, `windows-1252`).
        public let charset: String
        /// Problems met on the way (a bogus label, bytes that were not valid in the charset).
        public let problems: [String]
    }

    /// Decodes `data`, taking `httpCharset` (the `charset` of a Content-Type) into account.
    /// C1 control characters, which feeds produce by mislabelling windows-1252 text, become
    /// the characters windows-1252 gives those bytes.
    public static func decode(_ data: [UInt8], httpCharset: String? = nil, sniffXMLDeclaration: Bool = true) -> Decoded {
        let decoded = decodeRaw(data, httpCharset: httpCharset, sniffXMLDeclaration: sniffXMLDeclaration)
        guard hasC1Control(decoded.utf8) else { return decoded }
        return Decoded(utf8: replacingC1Controls(decoded.utf8), charset: decoded.charset, problems: decoded.problems)
    }

    static func hasC1Control(_ utf8: [UInt8]) -> Bool {
        var i = 0
        let n = utf8.count - 1
        while i < n {
            if utf8[i] == 0xC2, utf8[i + 1] >= 0x80, utf8[i + 1] <= 0x9F { return true }
            i += 1
        }
        return false
    }

    static func replacingC1Controls(_ utf8: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var i = 0
        while i < utf8.count {
            if utf8[i] == 0xC2, i + 1 < utf8.count, (0x80...0x9F).contains(utf8[i + 1]),
               let mapped = HTMLEntities.windows1252C1[UInt32(utf8[i + 1])], let scalar = Unicode.Scalar(mapped) {
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                i += 2
            } else {
                out.append(utf8[i])
                i += 1
            }
        }
        return out
    }

    private static func decodeRaw(_ data: [UInt8], httpCharset: String? = nil, sniffXMLDeclaration: Bool = true) -> Decoded {
        var problems: [String] = []
        if let (bom, length) = byteOrderMark(data) {
            return transcode(Array(data[length...]), from: bom, problems: &problems)
        }
        if let guessed = sniffWideEncoding(data) {
            return transcode(data, from: guessed, problems: &problems)
        }
        var label = httpCharset.map(normalise)
        if label == nil, sniffXMLDeclaration {
            label = declaredEncoding(data).map(normalise)
        }
        guard let chosen = label, chosen != "utf-8" else {
            if isValidUTF8(data) { return Decoded(utf8: data, charset: "utf-8", problems: problems) }
            problems.append("the document is not valid UTF-8 and names no charset; it was read as windows-1252")
            return transcode(data, from: "windows-1252", problems: &problems)
        }
        if chosen == "us-ascii", isValidUTF8(data) {
            return Decoded(utf8: data, charset: "us-ascii", problems: problems)
        }
        return transcode(data, from: chosen, problems: &problems)
    }

    /// The charset a byte order mark names, and the mark's length.
    static func byteOrderMark(_ d: [UInt8]) -> (String, Int)? {
        if d.starts(with: [0xEF, 0xBB, 0xBF]) { return ("utf-8", 3) }
        if d.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return ("utf-32le", 4) }
        if d.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return ("utf-32be", 4) }
        if d.starts(with: [0xFF, 0xFE]) { return ("utf-16le", 2) }
        if d.starts(with: [0xFE, 0xFF]) { return ("utf-16be", 2) }
        return nil
    }

    /// UTF-16/32 without a mark, recognised by how `<` and `{` are laid out (XML 1.0 Appendix F.1).
    static func sniffWideEncoding(_ d: [UInt8]) -> String? {
        guard d.count >= 4 else { return nil }
        let (a, b, c, e) = (d[0], d[1], d[2], d[3])
        if a == 0, b == 0, c == 0, e != 0 { return "utf-32be" }
        if a != 0, b == 0, c == 0, e == 0 { return "utf-32le" }
        if a == 0, b != 0, c == 0, e != 0 { return "utf-16be" }
        if a != 0, b == 0, c != 0, e == 0 { return "utf-16le" }
        return nil
    }

    /// The `encoding` pseudo-attribute of an XML declaration at the start of `d`.
    static func declaredEncoding(_ d: [UInt8]) -> String? {
        let head = d.prefix(256)
        guard head.starts(with: Array("<?xml".utf8)) else { return nil }
        let text = String(decoding: head.prefix(while: { $0 != UInt8(ascii: ">") }), as: UTF8.self)
        guard let r = text.range(of: "encoding") else { return nil }
        var rest = text[r.upperBound...].drop(while: { $0 == " " || $0 == "=" })
        guard let q = rest.first, q == "\"" || q == "'" else { return nil }
        rest = rest.dropFirst()
        let value = rest.prefix(while: { $0 != q })
        return value.isEmpty ? nil : String(value)
    }

    /// Maps a label to the name used for decoding. Latin-1 and ASCII are read as
    /// windows-1252 (WHATWG Encoding §4.2): feeds that say ISO-8859-1 often hold 0x80–0x9F quotes.
    static func normalise(_ label: String) -> String {
        let l = label.trimmingCharacters(in: CharacterSet(charactersIn: " \"'")).lowercased()
        switch l {
        case "utf8", "unicode-1-1-utf-8": return "utf-8"
        case "latin1", "latin-1", "iso-8859-1", "iso8859-1", "iso_8859-1", "l1", "cp819", "ibm819": return "windows-1252"
        case "ascii", "us-ascii", "ansi_x3.4-1968": return "us-ascii"
        case "gb2312", "gbk", "x-gbk", "cp936", "euc-cn": return "gb18030"
        case "utf-16", "utf16": return "utf-16"
        case "shift-jis", "sjis", "x-sjis": return "shift_jis"
        case "ks_c_5601-1987", "korean": return "euc-kr"
        default:
            if l.hasPrefix("cp125"), l.count == 6 { return "windows-" + l.dropFirst(2) }
            return l
        }
    }

    static func isValidUTF8(_ d: [UInt8]) -> Bool {
        String(validating: d, as: UTF8.self) != nil
    }

    static func transcode(_ data: [UInt8], from charset: String, problems: inout [String]) -> Decoded {
        if charset == "utf-8" {
            if !isValidUTF8(data) { problems.append("the document holds bytes that are not valid UTF-8; they were replaced") }
            return Decoded(utf8: Array(String(decoding: data, as: UTF8.self).utf8), charset: "utf-8", problems: problems)
        }
        if charset == "us-ascii" {
            return transcode(data, from: "windows-1252", problems: &problems)
        }
        if let out = iconvTranscode(data, from: charset, problems: &problems) {
            return Decoded(utf8: out, charset: charset, problems: problems)
        }
        problems.append("the charset '\(charset)' is not known; the document was read as UTF-8")
        return Decoded(utf8: Array(String(decoding: data, as: UTF8.self).utf8), charset: "utf-8", problems: problems)
    }

    /// Converts with the C library's iconv, replacing undecodable bytes with U+FFFD.
    private static func iconvTranscode(_ data: [UInt8], from charset: String, problems: inout [String]) -> [UInt8]? {
        let cd = iconv_open("UTF-8", charset.uppercased())
        guard let cd, cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = data
        var output = [UInt8](repeating: 0, count: max(64, data.count * 4 + 16))
        var result: [UInt8] = []
        result.reserveCapacity(data.count * 2)
        var replaced = 0
        let unitSize = charset.hasPrefix("utf-32") ? 4 : (charset.hasPrefix("utf-16") ? 2 : 1)
        input.withUnsafeMutableBytes { inBuf in
            output.withUnsafeMutableBytes { outBuf in
                var inPtr = inBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                while inLeft > 0 {
                    var outPtr = outBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuf.count
                    let rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    let produced = outBuf.count - outLeft
                    result.append(contentsOf: UnsafeRawBufferPointer(rebasing: outBuf[0..<produced]))
                    if rc == -1 {
                        if errno == E2BIG { continue }
                        // EILSEQ or EINVAL: skip one code unit and mark the loss.
                        result.append(contentsOf: [0xEF, 0xBF, 0xBD])
                        replaced += 1
                        let skip = min(unitSize, inLeft)
                        inPtr = inPtr.map { $0 + skip }
                        inLeft -= skip
                    }
                }
            }
        }
        if replaced > 0 {
            problems.append("\(replaced) byte sequence(s) were not valid \(charset) and were replaced")
        }
        return result
    }
}
