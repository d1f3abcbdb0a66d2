import Foundation

/// A forgiving tokenizer for the HTML fragments feeds carry (a simplification of
/// HTML §13.2.5): tags, text, comments; raw-text elements (`script`, `style`) are kept whole.
struct HTMLTokenizer: Sequence, IteratorProtocol {
    enum Token {
        case startTag(name: String, attributes: [(name: String, value: String)], selfClosing: Bool)
        case endTag(name: String)
        /// Character data as written, entities not yet decoded.
        case text(Substring)
        case comment
    }

    private let html: String
    private var index: String.Index
    private var rawTextEnd: String?

    init(_ html: String) {
        self.html = html
        self.index = html.startIndex
    }

    mutating func next() -> Token? {
        guard index < html.endIndex else { return nil }
        if let closing = rawTextEnd {
            rawTextEnd = nil
            let rest = html[index...]
            let end = rest.range(of: "</" + closing, options: .caseInsensitive)?.lowerBound ?? html.endIndex
            let text = html[index..<end]
            index = end
            if !text.isEmpty { return .text(text) }
            return next()
        }
        let rest = html[index...]
        guard rest.first == "<" else {
            let end = rest.firstIndex(of: "<") ?? html.endIndex
            index = end
            return .text(rest[..<end])
        }
        if rest.hasPrefix("<!--") {
            let end = rest.range(of: "-->")?.upperBound ?? html.endIndex
            index = end
            return .comment
        }
        if rest.hasPrefix("<!") || rest.hasPrefix("<?") {
            let end = rest.firstIndex(of: ">").map { html.index(after: $0) } ?? html.endIndex
            index = end
            return .comment
        }
        let afterLT = rest.dropFirst()
        if afterLT.first == "/" {
            let nameStart = afterLT.dropFirst()
            let name = nameStart.prefix { $0.isLetter || $0.isNumber || $0 == ":" || $0 == "-" }
            guard !name.isEmpty else {
                index = html.index(after: index)
                return .text("<")
            }
            let end = nameStart.firstIndex(of: ">").map { html.index(after: $0) } ?? html.endIndex
            index = end
            return .endTag(name: name.lowercased())
        }
        guard let first = afterLT.first, first.isLetter else {
            index = html.index(after: index)
            return .text(rest.prefix(1))
        }
        return readStartTag(afterLT)
    }

    private mutating func readStartTag(_ s: Substring) -> Token {
        let name = s.prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" }.lowercased()
        var i = s.index(s.startIndex, offsetBy: name.count)
        var attributes: [(String, String)] = []
        var selfClosing = false
        while i < s.endIndex {
            while i < s.endIndex, s[i].isWhitespace { i = s.index(after: i) }
            guard i < s.endIndex else { break }
            if s[i] == ">" { i = s.index(after: i); break }
            if s[i] == "/" {
                i = s.index(after: i)
                if i < s.endIndex, s[i] == ">" { selfClosing = true; i = s.index(after: i); break }
                continue
            }
            let nameStart = i
            while i < s.endIndex, !s[i].isWhitespace, s[i] != "=", s[i] != ">", s[i] != "/" { i = s.index(after: i) }
            let attrName = s[nameStart..<i].lowercased()
            while i < s.endIndex, s[i].isWhitespace { i = s.index(after: i) }
            var value = ""
            if i < s.endIndex, s[i] == "=" {
                i = s.index(after: i)
                while i < s.endIndex, s[i].isWhitespace { i = s.index(after: i) }
                if i < s.endIndex, s[i] == "\"" || s[i] == "'" {
                    let q = s[i]
                    let vStart = s.index(after: i)
                    let vEnd = s[vStart...].firstIndex(of: q) ?? s.endIndex
                    value = HTMLText.decodeEntities(s[vStart..<vEnd])
                    i = vEnd < s.endIndex ? s.index(after: vEnd) : vEnd
                } else {
                    let vStart = i
                    while i < s.endIndex, !s[i].isWhitespace, s[i] != ">" { i = s.index(after: i) }
                    value = HTMLText.decodeEntities(s[vStart..<i])
                }
            }
            if !attrName.isEmpty { attributes.append((attrName, value)) }
        }
        index = i
        if !selfClosing, HTMLTokenizer.rawTextElements.contains(name) { rawTextEnd = name }
        return .startTag(name: name, attributes: attributes, selfClosing: selfClosing)
    }

    static let rawTextElements: Set<String> = ["script", "style", "textarea", "title", "xmp", "noscript", "template"]
}
