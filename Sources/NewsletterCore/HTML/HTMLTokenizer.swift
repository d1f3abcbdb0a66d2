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
