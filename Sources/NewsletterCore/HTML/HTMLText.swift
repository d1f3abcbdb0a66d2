import Foundation

/// Converts HTML to readable plain text: block elements become paragraphs, list items
/// bullets (`•`, or `1.` in ordered lists), `<br>` a line break, entities are decoded, and
/// scripts, styles and other non-content elements are dropped.
public enum HTMLText {
    /// Plain text for `html`, paragraphs separated by a blank line.
    ///
    /// - Parameters:
    ///   - limit: stop once about this many characters are collected (for excerpts).
    ///   - linkReference: numbers a link's URL; the number follows the link's text as `[n]`
    ///     (for plain-text emails, whose links are listed at the end).
    public static func plainText(_ html: String, limit: Int? = nil, linkReference: ((String) -> Int)? = nil) -> String {
        var tokenizer = HTMLTokenizer(html)
        let bytes = tokenizer.bytes
        var builder = Builder()
        var skipDepth = 0
        var preDepth = 0
        var lists: [(ordered: Bool, counter: Int)] = []
        var links: [String?] = []
        let byteLimit = limit.map { $0 * 4 + 64 }
        while let token = tokenizer.next() {
            if let byteLimit, builder.length > byteLimit { break }
            switch token {
            case .comment:
                continue
            case .text(let range):
                guard skipDepth == 0 else { continue }
                builder.append(bytes[range], preserveWhitespace: preDepth > 0)
            case .startTag(let name, let kind, let attributes, let selfClosing):
                if kind.contains(.skippedInText) {
                    if !selfClosing && !kind.contains(.void) { skipDepth += 1 }
                    continue
                }
                guard skipDepth == 0 else { continue }
                switch name {
                case "a" where linkReference != nil && !selfClosing:
                    let href = attributes.first { $0.name == "href" }?.value
                    links.append(href.flatMap { $0.lowercased().hasPrefix("http") || $0.lowercased().hasPrefix("mailto:") ? $0 : nil })
                case "br":
                    builder.lineBreak()
                case "ul", "ol":
                    if lists.isEmpty { builder.paragraphBreak() }
                    lists.append((name == "ol", Int(attributes.first { $0.name == "start" }?.value ?? "") ?? 1))
                    builder.endBlock()
                case "li":
                    var marker = "• "
                    if var list = lists.popLast() {
                        if list.ordered { marker = "\(list.counter). "; list.counter += 1 }
                        lists.append(list)
                    }
                    builder.startListItem(marker: String(repeating: "  ", count: max(0, lists.count - 1)) + marker)
                case "pre":
                    preDepth += 1
                    builder.endBlock()
                case "hr":
                    builder.endBlock()
                default:
                    if kind.contains(.block) { builder.endBlock() }
                }
            case .endTag(let name, let kind):
                if kind.contains(.skippedInText) {
                    skipDepth = max(0, skipDepth - 1)
                    continue
                }
                guard skipDepth == 0 else { continue }
                if name == "ul" || name == "ol" {
                    _ = lists.popLast()
                    if lists.isEmpty { builder.paragraphBreak() }
                }
                if name == "pre" { preDepth = max(0, preDepth - 1) }
                if name == "a", let linkReference, let last = links.popLast(), let href = last {
                    builder.append(Array(" [\(linkReference(href))]".utf8)[...], preserveWhitespace: false)
                }
                if kind.contains(.block) || name == "li" || name == "ul" || name == "ol" || name == "pre" {
                    builder.endBlock()
                }
            }
        }
        return builder.finish()
    }

    /// Plain text on one line, for titles: markup removed, entities decoded, spaces collapsed.
    public static func inlineText(_ html: String) -> String {
        collapseWhitespace(plainText(html))
    }

    /// Whether `text` carries markup or character references, so that it needs `inlineText`.
    public static func looksLikeHTML(_ text: String) -> Bool {
        let b = Array(text.utf8)
        for i in b.indices {
            if b[i] == Byte.lt, i + 1 < b.count, Byte.isLetter(b[i + 1]) || b[i + 1] == Byte.slash { return true }
            if b[i] == Byte.amp {
                var j = i + 1
                while j < b.count, j - i < 33, Byte.isLetter(b[j]) || Byte.isDigit(b[j]) || b[j] == Byte.hash { j += 1 }
                if j > i + 1, j < b.count, b[j] == Byte.semicolon { return true }
            }
        }
        return false
    }

    /// Collapses runs of white space (not no-break spaces) to one space and trims the ends.
    public static func collapseWhitespace(_ s: String) -> String {
        if !s.utf8.contains(where: { $0 >= 0x80 }) {
            var out: [UInt8] = []
            out.reserveCapacity(s.utf8.count)
            var pending = false
            for b in s.utf8 {
                if Byte.isSpace(b) || b == 0x0B {
                    pending = !out.isEmpty
                } else {
                    if pending { out.append(Byte.space); pending = false }
                    out.append(b)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return s.split(whereSeparator: { $0.isWhitespace && $0 != "\u{A0}" }).joined(separator: " ")
    }

    /// At most `limit` characters of `text` (or, with `weight`, characters weighing at most
    /// `limit` in all), cut at a word boundary with an ellipsis after them.
    public static func excerpt(_ text: String, limit: Int, weight: ((Character) -> Int)? = nil) -> String {
        let head: Substring
        if let weight {
            var used = 0
            var end = text.startIndex
            while end < text.endIndex {
                let w = weight(text[end])
                if used + w > limit { break }
                used += w
                end = text.index(after: end)
            }
            guard end < text.endIndex else { return text }
            head = text[..<end]
        } else {
            guard text.count > limit else { return text }
            head = text.prefix(limit)
        }
        var cut = head.lastIndex(where: { $0.isWhitespace }) ?? head.endIndex
        if head.distance(from: head.startIndex, to: cut) < head.count / 2 { cut = head.endIndex }
        var out = String(head[..<cut])
        while let last = out.last, last.isWhitespace || ",;:-–—".contains(last) { out.removeLast() }
        return out + "…"
    }

    /// Decodes HTML character references (named, decimal, hexadecimal); unknown ones stay as written.
    public static func decodeEntities<S: StringProtocol>(_ s: S) -> String {
        HTMLEntities.decodedString(Array(s.utf8)[...])
    }

    /// Accumulates UTF-8 text into blocks, collapsing white space as a browser would.
    private struct Builder {
        private var blocks: [(text: [UInt8], isListItem: Bool, breakBefore: Bool)] = []
        private var current: [UInt8] = []
        private var currentIsListItem = false
        private var pendingSpace = false
        private var pendingBreak = false
        private var decoded: [UInt8] = []
        private(set) var length = 0

        mutating func append(_ raw: ArraySlice<UInt8>, preserveWhitespace: Bool) {
            decoded.removeAll(keepingCapacity: true)
            HTMLEntities.decode(raw, into: &decoded)
            if preserveWhitespace {
                for b in decoded where b != 0x0D { current.append(b) }
                pendingSpace = false
                return
            }
            for b in decoded {
                if Byte.isSpace(b) {
                    pendingSpace = true
                } else {
                    if pendingSpace, let last = current.last, last != Byte.newline, last != Byte.space { current.append(Byte.space) }
                    pendingSpace = false
                    current.append(b)
                }
            }
        }

        mutating func lineBreak() {
            while current.last == Byte.space { current.removeLast() }
            if !current.isEmpty { current.append(Byte.newline) }
            pendingSpace = false
        }

        mutating func startListItem(marker: String) {
            endBlock()
            current = Array(marker.utf8)
            currentIsListItem = true
        }

        /// The next block starts a new paragraph even between list items (two lists in a row).
        mutating func paragraphBreak() {
            endBlock()
            pendingBreak = true
        }

        mutating func endBlock() {
            var end = current.count
            while end > 0, Byte.isSpace(current[end - 1]) { end -= 1 }
            var start = 0
            while start < end, current[start] == Byte.newline || (!currentIsListItem && Byte.isSpace(current[start])) { start += 1 }
            let text = Array(current[start..<end])
            if !isBlank(text), !(currentIsListItem && isMarkerOnly(text)) {
                blocks.append((text, currentIsListItem, pendingBreak))
                length += text.count
                pendingBreak = false
            }
            current.removeAll(keepingCapacity: true)
            currentIsListItem = false
            pendingSpace = false
        }

        private func isBlank(_ text: [UInt8]) -> Bool { !text.contains { !Byte.isSpace($0) } }

        private func isMarkerOnly(_ text: [UInt8]) -> Bool {
            let s = Byte.trimmed(String(decoding: text, as: UTF8.self))
            return s == "•" || (s.hasSuffix(".") && s.dropLast().allSatisfy(\.isNumber))
        }

        mutating func finish() -> String {
            endBlock()
            var out: [UInt8] = []
            for (i, block) in blocks.enumerated() {
                if i > 0 {
                    out.append(Byte.newline)
                    if !(block.isListItem && blocks[i - 1].isListItem && !block.breakBefore) { out.append(Byte.newline) }
                }
                out.append(contentsOf: block.text)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
