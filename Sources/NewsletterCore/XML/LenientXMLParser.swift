/// A forgiving XML 1.0 parser for feeds found in the wild.
///
/// It builds a namespace-resolved tree from UTF-8 bytes and never gives up: where a strict
/// parser (XML 1.0 §2) would stop, it records a problem with its line and carries on, so
/// readers can keep every item that was parsed. HTML named entities (`&hellip;`) and
/// entities declared in the internal DTD subset are expanded; unknown ones are kept as text.
public struct LenientXMLParser {
    /// A well-formedness problem, with the 1-based line where it was found.
    public struct Problem: Sendable, Equatable {
        public let line: Int
        public let message: String
    }

    public struct Result {
        public let root: XMLTreeElement?
        public let problems: [Problem]
        /// Why the document was given up: its declared entities expand past the budget
        /// (a "billion laughs"). Nothing of such a document may be used.
        public let refused: String?
    }

    /// Elements nested deeper than this are flattened into their ancestor at this depth
    /// (their text is kept): no feed needs more, and later tree walks stay shallow.
    public static let maxDepth = 256

    /// Bytes that entities declared in the document may expand to in all: ten times the
    /// document and 1 MB besides, never more than 32 MB (libxml2 refuses amplification
    /// the same way).
    static func entityBudget(forDocumentOf count: Int) -> Int {
        min(count * 10 + (1 << 20), 32 << 20)
    }

    private let bytes: [UInt8]
    private var pos = 0
    private var lineCounted = 0
    private var lineNumber = 1
    private var problems: [Problem] = []
    private var entities: [String: String] = [:]
    private var stack: [XMLTreeElement] = []
    private var scopes: [[String: String]] = [[:]]
    private var root: XMLTreeElement?
    private var pendingText: [UInt8] = []
    private let documentBase: String?
    private var entityBudget: Int
    private var refused: String?
    /// Start tags past `maxDepth` not opened, so their end tags are not mismatches.
    private var flattened = 0

    /// Parses `bytes` (UTF-8); relative `xml:base` values resolve against `documentURL`.
    public static func parse(_ bytes: [UInt8], documentURL: String? = nil) -> Result {
        var parser = LenientXMLParser(bytes: bytes, documentBase: documentURL)
        parser.run()
        if parser.refused != nil { return Result(root: nil, problems: parser.problems, refused: parser.refused) }
        return Result(root: parser.root, problems: parser.problems, refused: nil)
    }

    private init(bytes: [UInt8], documentBase: String?) {
        self.bytes = bytes
        self.documentBase = documentBase
        self.entityBudget = Self.entityBudget(forDocumentOf: bytes.count)
    }

    // MARK: - Main loop

    private mutating func run() {
        let n = bytes.count
        while pos < n {
            if refused != nil { return }
            let b = bytes[pos]
            if b != UInt8(ascii: "<") {
                let start = pos
                while pos < n, bytes[pos] != UInt8(ascii: "<") { pos += 1 }
                appendCharacterData(start, pos)
                continue
            }
            if startsWith("<!--") {
                skipPast("-->", what: "comment")
            } else if startsWith("<![CDATA[") {
                let start = pos + 9
                if let end = find("]]>", from: start) {
                    addText(Array(bytes[start..<end]))
                    pos = end + 3
                } else {
                    problem("an unterminated CDATA section")
                    addText(Array(bytes[start..<n]))
                    pos = n
                }
            } else if startsWith("<?") {
                skipPast("?>", what: "processing instruction")
            } else if startsWith("<!") {
                parseDoctype()
            } else if pos + 1 < n, bytes[pos + 1] == UInt8(ascii: "/") {
                parseEndTag()
            } else if pos + 1 < n, isNameStart(bytes[pos + 1]) {
                parseStartTag()
            } else {
                problem("a '<' that does not start a tag")
                appendCharacterData(pos, pos + 1)
                pos += 1
            }
        }
        flushText()
        if root == nil {
            problem("no root element")
        }
        for open in stack.reversed() {
            problems.append(Problem(line: currentLine(), message: "element <\(open.qualifiedName)> opened on line \(open.line) is never closed"))
        }
    }

    // MARK: - Tags

    private mutating func parseStartTag() {
        let tagLine = currentLine()
        pos += 1
        let qname = readName()
        var rawAttributes: [(String, String)] = []
        var selfClosing = false
        let n = bytes.count
        while pos < n {
            skipSpace()
            guard pos < n else { break }
            let b = bytes[pos]
            if b == UInt8(ascii: ">") { pos += 1; break }
            if b == UInt8(ascii: "/"), pos + 1 < n, bytes[pos + 1] == UInt8(ascii: ">") {
                selfClosing = true; pos += 2; break
            }
            if b == UInt8(ascii: "<") {
                problem("start tag <\(qname)> is not closed with '>'")
                break
            }
            let attrName = readName()
            if attrName.isEmpty { pos += 1; continue }
            skipSpace()
            var value = ""
            if pos < n, bytes[pos] == UInt8(ascii: "=") {
                pos += 1
                skipSpace()
                value = readAttributeValue()
            } else {
                problem("attribute '\(attrName)' of <\(qname)> has no value")
            }
            rawAttributes.append((attrName, value))
        }
        if pos >= n, !selfClosing, bytes.last != UInt8(ascii: ">") {
            problem("start tag <\(qname)> is cut off at the end of the document")
        }
        flushText()
        openElement(qname, rawAttributes, line: tagLine, selfClosing: selfClosing)
    }

    private mutating func openElement(_ qname: String, _ raw: [(String, String)], line: Int, selfClosing: Bool) {
        guard stack.count < Self.maxDepth else {
            if flattened == 0 { problems.append(Problem(line: line, message: "elements are nested deeper than \(Self.maxDepth) levels; the deeper ones were flattened into their text")) }
            if !selfClosing { flattened += 1 }
            return
        }
        var scope = scopes.last ?? [:]
        for (name, value) in raw {
            if name == "xmlns" { scope[""] = value } else if name.hasPrefix("xmlns:") { scope[String(name.dropFirst(6))] = value }
        }
        scopes.append(scope)
        var attributes: [XMLAttribute] = []
        attributes.reserveCapacity(raw.count)
        var xmlBase: String?
        for (name, value) in raw {
            let (prefix, local) = split(name)
            var ns: String?
            if let prefix {
                ns = prefix == "xml" ? XMLNamespaces.xml : (prefix == "xmlns" ? nil : resolve(prefix, in: scope, line: line))
            }
            if ns == XMLNamespaces.xml, local == "base" { xmlBase = value }
            attributes.append(XMLAttribute(name: local, namespace: ns, qualifiedName: name, value: value))
        }
        let (prefix, local) = split(qname)
        let ns = prefix.map { resolve($0, in: scope, line: line) } ?? scope[""].flatMap { $0.isEmpty ? nil : $0 }
        let parentBase = stack.last?.base ?? documentBase
        var base = parentBase
        if let xmlBase {
            base = parentBase.map { URLResolver.resolve(xmlBase, against: $0) } ?? xmlBase
        }
        let element = XMLTreeElement(name: local, namespace: ns, qualifiedName: qname, attributes: attributes, base: base, line: line)
        if let parent = stack.last {
            parent.children.append(.element(element))
        } else if root == nil {
            root = element
        } else {
            problem("a second root element <\(qname)>")
        }
        if selfClosing {
            scopes.removeLast()
        } else {
            stack.append(element)
        }
    }

    private mutating func parseEndTag() {
        pos += 2
        let qname = readName()
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ">") {
            pos += 1
        } else {
            problem("end tag </\(qname)> is not closed with '>'")
            while pos < bytes.count, bytes[pos] != UInt8(ascii: ">"), bytes[pos] != UInt8(ascii: "<") { pos += 1 }
            if pos < bytes.count, bytes[pos] == UInt8(ascii: ">") { pos += 1 }
        }
        flushText()
        if flattened > 0 {
            flattened -= 1
            return
        }
        guard let index = stack.lastIndex(where: { $0.qualifiedName == qname }) else {
            problem("end tag </\(qname)> has no matching start tag")
            return
        }
        for unclosed in stack[(index + 1)...] {
            problem("element <\(unclosed.qualifiedName)> opened on line \(unclosed.line) is closed by </\(qname)>")
        }
        let dropCount = stack.count - index
        stack.removeLast(dropCount)
        scopes.removeLast(dropCount)
    }

    private mutating func resolve(_ prefix: String, in scope: [String: String], line: Int) -> String? {
        if let uri = scope[prefix] { return uri }
        problems.append(Problem(line: line, message: "namespace prefix '\(prefix)' is not declared"))
        return XMLNamespaces.wellKnownPrefixes[prefix]
    }

    private func split(_ qname: String) -> (String?, String) {
        guard let colon = qname.firstIndex(of: ":") else { return (nil, qname) }
        return (String(qname[..<colon]), String(qname[qname.index(after: colon)...]))
    }

    // MARK: - DOCTYPE and entities

    private mutating func parseDoctype() {
        let start = pos
        var depth = 0
        var quote: UInt8 = 0
        let n = bytes.count
        pos += 2
        while pos < n {
            let b = bytes[pos]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                quote = b
            } else if b == UInt8(ascii: "[") {
                depth += 1
            } else if b == UInt8(ascii: "]") {
                depth -= 1
            } else if b == UInt8(ascii: ">"), depth <= 0 {
                break
            }
            pos += 1
        }
        let declaration = String(decoding: bytes[start..<min(pos, n)], as: UTF8.self)
        if pos >= n { problem("an unterminated declaration") } else { pos += 1 }
        readEntityDeclarations(declaration)
    }

    /// Collects `<!ENTITY name "value">` from an internal subset (XML 1.0 §4.2); external
    /// and parameter entities are never fetched.
    private mutating func readEntityDeclarations(_ doctype: String) {
        var rest = doctype[...]
        while let range = rest.range(of: "<!ENTITY") {
            rest = rest[range.upperBound...]
            let parts = rest.drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            guard !parts.hasPrefix("%") else { continue }
            let name = parts.prefix(while: { !$0.isWhitespace })
            let afterName = parts.dropFirst(name.count).drop(while: { $0.isWhitespace })
            guard let q = afterName.first, q == "\"" || q == "'" else { continue }
            let body = afterName.dropFirst()
            guard let close = body.firstIndex(of: q) else { continue }
            entities[String(name)] = decodeEntities(Array(body[..<close].utf8))
        }
    }

    // MARK: - Character data

    private mutating func appendCharacterData(_ start: Int, _ end: Int) {
        guard start < end else { return }
        if stack.isEmpty {
            for b in bytes[start..<end] where !(b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09) {
                if root != nil { problem("text after the root element") } else { problem("text before the root element") }
                return
            }
            return
        }
        if bytes[start..<end].contains(Byte.amp) {
            var text = pendingText
            pendingText = []
            let leftovers = expandReferences(bytes[start..<end], into: &text)
            pendingText = text
            if let unknown = leftovers.unknown { problem("unknown entity '&\(unknown);'") }
            if leftovers.bareAmpersand { problem("a bare '&' that starts no entity reference") }
        } else {
            pendingText.append(contentsOf: bytes[start..<end])
        }
    }

    /// Expands references (XML 1.0 §4.4): the five predefined, numeric, those declared in
    /// the internal subset, and HTML's names, which feeds use without declaring them.
    /// What declared entities expand to counts against the document's budget; past it the
    /// document is refused.
    private mutating func expandReferences(_ raw: ArraySlice<UInt8>, into out: inout [UInt8]) -> HTMLEntities.Leftovers {
        let declared = entities
        var budget = entityBudget
        let leftovers = HTMLEntities.decode(raw, into: &out, requireSemicolon: true) { name in
            switch name {
            case "amp": return "&"
            case "lt": return "<"
            case "gt": return ">"
            case "quot": return "\""
            case "apos": return "'"
            default:
                guard let value = declared[name] else { return HTMLEntities.character(named: name).map(String.init) }
                budget -= value.utf8.count
                return budget < 0 ? "" : value
            }
        }
        entityBudget = budget
        if budget < 0, refused == nil {
            refused = "its entities expand to more than \(Self.entityBudget(forDocumentOf: bytes.count) >> 20) MB (an entity expansion attack, such as a \"billion laughs\")"
            problem("entity expansion past the limit")
        }
        return leftovers
    }

    private mutating func addText(_ raw: [UInt8]) {
        guard !stack.isEmpty else { return }
        pendingText.append(contentsOf: raw)
    }

    private mutating func flushText() {
        guard !pendingText.isEmpty else { return }
        if let parent = stack.last {
            parent.children.append(.text(String(decoding: pendingText, as: UTF8.self)))
        }
        pendingText.removeAll(keepingCapacity: true)
    }

    /// Expands references in an attribute value or an entity declaration.
    private mutating func decodeEntities(_ raw: [UInt8]) -> String {
        guard raw.contains(Byte.amp) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        _ = expandReferences(raw[...], into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Lexing helpers

    private func startsWith(_ s: StaticString) -> Bool { Byte.matches(s, in: bytes, at: pos) }

    private func find(_ s: StaticString, from start: Int) -> Int? { Byte.find(s, in: bytes, from: start) }

    private mutating func skipPast(_ s: StaticString, what: String) {
        if let end = find(s, from: pos + 2) {
            pos = end + s.utf8CodeUnitCount
        } else {
            problem("an unterminated \(what)")
            pos = bytes.count
        }
    }

    private func isNameStart(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b >= 0x80
    }

    private mutating func readName() -> String {
        let start = pos
        while pos < bytes.count {
            let b = bytes[pos]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == UInt8(ascii: ">") || b == UInt8(ascii: "/")
                || b == UInt8(ascii: "=") || b == UInt8(ascii: "<") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                break
            }
            pos += 1
        }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    private mutating func readAttributeValue() -> String {
        guard pos < bytes.count else { return "" }
        let q = bytes[pos]
        if q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") {
            let start = pos + 1
            var end = start
            while end < bytes.count, bytes[end] != q { end += 1 }
            pos = min(end + 1, bytes.count)
            if end >= bytes.count { problem("an attribute value is not closed") }
            return decodeEntities(Array(bytes[start..<end]))
        }
        problem("an attribute value without quotes")
        let start = pos
        while pos < bytes.count, bytes[pos] != UInt8(ascii: ">"), bytes[pos] > 0x20 { pos += 1 }
        return decodeEntities(Array(bytes[start..<pos]))
    }

    private mutating func skipSpace() {
        while pos < bytes.count, bytes[pos] == 0x20 || bytes[pos] == 0x0A || bytes[pos] == 0x0D || bytes[pos] == 0x09 { pos += 1 }
    }

    private mutating func currentLine() -> Int {
        let target = min(pos, bytes.count)
        if target < lineCounted {
            lineCounted = 0
            lineNumber = 1
        }
        for i in lineCounted..<target where bytes[i] == 0x0A { lineNumber += 1 }
        lineCounted = target
        return lineNumber
    }

    private mutating func problem(_ message: String) {
        problems.append(Problem(line: currentLine(), message: message))
    }
}
