/// A forgiving tokenizer for the HTML fragments feeds carry (a simplification of
/// HTML §13.2.5) that works on UTF-8 bytes: tags, text, comments; the content of raw-text
/// elements (`script`, `style`) is one text token.
struct HTMLTokenizer: IteratorProtocol {
    enum Token {
        case startTag(name: String, kind: HTMLTagKind, attributes: [(name: String, value: String)], selfClosing: Bool)
        case endTag(name: String, kind: HTMLTagKind)
        /// Character data as written (entities not decoded), as a range of `bytes`.
        case text(Range<Int>)
        case comment
    }

    let bytes: [UInt8]
    private var index = 0
    private var rawTextEnd: [UInt8]?

    init(_ html: String) {
        bytes = Array(html.utf8)
    }

    mutating func next() -> Token? {
        let n = bytes.count
        guard index < n else { return nil }
        if let closing = rawTextEnd {
            rawTextEnd = nil
            let start = index
            let end = findCaseInsensitive(closing, from: start) ?? n
            index = end
            return end > start ? .text(start..<end) : next()
        }
        if bytes[index] != Byte.lt {
            let start = index
            while index < n, bytes[index] != Byte.lt { index += 1 }
            return .text(start..<index)
        }
        if hasPrefix("<!--") {
            index = find("-->", from: index + 4).map { $0 + 3 } ?? n
            return .comment
        }
        if index + 1 < n, bytes[index + 1] == Byte.bang || bytes[index + 1] == Byte.question {
            while index < n, bytes[index] != Byte.gt { index += 1 }
            index = min(index + 1, n)
            return .comment
        }
        if index + 1 < n, bytes[index + 1] == Byte.slash {
            var i = index + 2
            let nameStart = i
            while i < n, Byte.isNameByte(bytes[i]) { i += 1 }
            guard i > nameStart else {
                index += 1
                return .text((index - 1)..<index)
            }
            let name = Byte.lowercasedString(bytes[nameStart..<i])
            while i < n, bytes[i] != Byte.gt { i += 1 }
            index = min(i + 1, n)
            return .endTag(name: name, kind: HTMLTagKind.of(name))
        }
        guard index + 1 < n, Byte.isLetter(bytes[index + 1]) else {
            index += 1
            return .text((index - 1)..<index)
        }
        return readStartTag()
    }

    private mutating func readStartTag() -> Token {
        let n = bytes.count
        var i = index + 1
        let nameStart = i
        while i < n, !Byte.isSpace(bytes[i]), bytes[i] != Byte.gt, bytes[i] != Byte.slash { i += 1 }
        let name = Byte.lowercasedString(bytes[nameStart..<i])
        var attributes: [(name: String, value: String)] = []
        var selfClosing = false
        while i < n {
            while i < n, Byte.isSpace(bytes[i]) { i += 1 }
            guard i < n else { break }
            if bytes[i] == Byte.gt { i += 1; break }
            if bytes[i] == Byte.slash {
                i += 1
                if i < n, bytes[i] == Byte.gt { selfClosing = true; i += 1; break }
                continue
            }
            let attrStart = i
            while i < n, !Byte.isSpace(bytes[i]), bytes[i] != Byte.equals, bytes[i] != Byte.gt, bytes[i] != Byte.slash { i += 1 }
            let attrName = Byte.lowercasedString(bytes[attrStart..<i])
            while i < n, Byte.isSpace(bytes[i]) { i += 1 }
            var value = ""
            if i < n, bytes[i] == Byte.equals {
                i += 1
                while i < n, Byte.isSpace(bytes[i]) { i += 1 }
                if i < n, bytes[i] == Byte.quote || bytes[i] == Byte.apostrophe {
                    let q = bytes[i]
                    let vStart = i + 1
                    var vEnd = vStart
                    while vEnd < n, bytes[vEnd] != q { vEnd += 1 }
                    value = HTMLEntities.decodedString(bytes[vStart..<vEnd])
                    i = min(vEnd + 1, n)
                } else {
                    let vStart = i
                    while i < n, !Byte.isSpace(bytes[i]), bytes[i] != Byte.gt { i += 1 }
                    value = HTMLEntities.decodedString(bytes[vStart..<i])
                }
            }
            if !attrName.isEmpty { attributes.append((attrName, value)) }
        }
        index = i
        let kind = HTMLTagKind.of(name)
        if !selfClosing, kind.contains(.rawText) { rawTextEnd = Array(("</" + name).utf8) }
        return .startTag(name: name, kind: kind, attributes: attributes, selfClosing: selfClosing)
    }

    private func hasPrefix(_ s: StaticString) -> Bool { Byte.matches(s, in: bytes, at: index) }

    private func find(_ s: StaticString, from start: Int) -> Int? { Byte.find(s, in: bytes, from: start) }

    private func findCaseInsensitive(_ needle: [UInt8], from start: Int) -> Int? {
        var i = start
        while i + needle.count <= bytes.count {
            var match = true
            for k in 0..<needle.count where Byte.lower(bytes[i + k]) != needle[k] { match = false; break }
            if match { return i }
            i += 1
        }
        return nil
    }

}

/// What the converters need to know of an element, looked up once per tag.
struct HTMLTagKind: OptionSet {
    let rawValue: UInt8

    /// Its content is one text token (`script`, `style`).
    static let rawText = HTMLTagKind(rawValue: 1)
    /// It starts and ends a paragraph in plain text.
    static let block = HTMLTagKind(rawValue: 2)
    /// Its content is not text a reader sees.
    static let skippedInText = HTMLTagKind(rawValue: 4)
    /// It and its content are removed from cleaned HTML.
    static let dropped = HTMLTagKind(rawValue: 8)
    /// It has no end tag.
    static let void = HTMLTagKind(rawValue: 16)

    static func of(_ name: String) -> HTMLTagKind { table[name] ?? [] }

    private static let table: [String: HTMLTagKind] = {
        var t: [String: HTMLTagKind] = [:]
        func add(_ names: [String], _ kind: HTMLTagKind) { for n in names { t[n, default: []].insert(kind) } }
        add(["script", "style", "textarea", "title", "xmp", "noscript", "template"], .rawText)
        add(["p", "div", "section", "article", "aside", "header", "footer", "nav", "main", "blockquote",
             "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "figure",
             "figcaption", "dl", "dt", "dd", "address", "details", "summary", "center", "form", "fieldset"], .block)
        add(["script", "style", "head", "template", "noscript", "iframe", "object", "embed", "svg", "math",
             "select", "button", "textarea", "title", "video", "audio", "canvas"], .skippedInText)
        add(["script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
             "button", "select", "textarea", "base", "meta", "link", "noscript", "template"], .dropped)
        add(["br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr", "param"], .void)
        return t
    }()
}

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
