import Foundation

/// Converts HTML to readable plain text: block elements become paragraphs, list items
/// bullets (`•`, or `1.` in ordered lists), `<br>` a line break, entities are decoded, and
/// scripts, styles and other non-content elements are dropped.
public enum HTMLText {
    /// Plain text for `html`, paragraphs separated by a blank line.
    public static func plainText(_ html: String) -> String {
        var builder = Builder()
        var skipDepth = 0
        var preDepth = 0
        var lists: [(ordered: Bool, counter: Int)] = []
        for token in HTMLTokenizer(html) {
            switch token {
            case .comment:
                continue
            case .text(let raw):
                guard skipDepth == 0 else { continue }
                builder.append(decodeEntities(raw), preserveWhitespace: preDepth > 0)
            case .startTag(let name, let attributes, let selfClosing):
                if skippedElements.contains(name) {
                    if !selfClosing && !voidElements.contains(name) { skipDepth += 1 }
                    continue
                }
                guard skipDepth == 0 else { continue }
                switch name {
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
                    if blockElements.contains(name) { builder.endBlock() }
                }
            case .endTag(let name):
                if skippedElements.contains(name) {
                    skipDepth = max(0, skipDepth - 1)
                    continue
                }
                guard skipDepth == 0 else { continue }
                if name == "ul" || name == "ol" {
                    _ = lists.popLast()
                    if lists.isEmpty { builder.paragraphBreak() }
                }
                if name == "pre" { preDepth = max(0, preDepth - 1) }
                if blockElements.contains(name) || name == "li" || name == "ul" || name == "ol" || name == "pre" {
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

    /// Collapses runs of white space (not no-break spaces) to one space and trims the ends.
    public static func collapseWhitespace(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace && $0 != "\u{A0}" }).joined(separator: " ")
    }

    /// At most `limit` characters of `text`, cut at a word boundary with an ellipsis.
    public static func excerpt(_ text: String, limit: Int) -> String {
        guard text.count > limit else { return text }
        let head = text.prefix(limit)
        var cut = head.lastIndex(where: { $0.isWhitespace }) ?? head.endIndex
        if head.distance(from: head.startIndex, to: cut) < limit / 2 { cut = head.endIndex }
        var out = String(head[..<cut])
        while let last = out.last, last.isWhitespace || ",;:-–—".contains(last) { out.removeLast() }
        return out + "…"
    }

    /// Decodes HTML character references (named, decimal, hexadecimal); unknown ones stay as written.
    public static func decodeEntities<S: StringProtocol>(_ s: S) -> String {
        guard s.contains("&") else { return String(s) }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let tail = rest[rest.index(after: amp)...]
            let body = tail.prefix(32).prefix { $0.isLetter || $0.isNumber || $0 == "#" }
            var consumed = body.endIndex
            var replacement: Character?
            if body.first == "#" {
                replacement = HTMLEntities.character(numeric: body)
            } else if !body.isEmpty {
                replacement = HTMLEntities.character(named: String(body))
            }
            if let replacement {
                out.append(replacement)
                if consumed < tail.endIndex, tail[consumed] == ";" { consumed = tail.index(after: consumed) }
                rest = tail[consumed...]
            } else {
                out += "&"
                rest = tail
            }
        }
        out += rest
        return out
    }

    static let blockElements: Set<String> = [
        "p", "div", "section", "article", "aside", "header", "footer", "nav", "main", "blockquote",
        "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "figure",
        "figcaption", "dl", "dt", "dd", "address", "details", "summary", "center", "form", "fieldset",
    ]
    static let skippedElements: Set<String> = [
        "script", "style", "head", "template", "noscript", "iframe", "object", "embed", "svg", "math",
        "select", "button", "textarea", "title", "video", "audio", "canvas",
    ]
    static let voidElements: Set<String> = ["br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr", "param"]

    /// Accumulates text into blocks, collapsing white space as a browser would.
    private struct Builder {
        private var blocks: [(text: String, isListItem: Bool, breakBefore: Bool)] = []
        private var current = ""
        private var currentIsListItem = false
        private var pendingSpace = false
        private var pendingBreak = false

        mutating func append(_ text: String, preserveWhitespace: Bool) {
            if preserveWhitespace {
                current += text.replacingOccurrences(of: "\r\n", with: "\n")
                pendingSpace = false
                return
            }
            for ch in text {
                if ch.isWhitespace && ch != "\u{A0}" {
                    pendingSpace = true
                } else {
                    if pendingSpace, !current.isEmpty, current.last != "\n", !current.hasSuffix(" ") { current.append(" ") }
                    pendingSpace = false
                    current.append(ch)
                }
            }
        }

        mutating func lineBreak() {
            while current.last == " " { current.removeLast() }
            if !current.isEmpty { current.append("\n") }
            pendingSpace = false
        }

        mutating func startListItem(marker: String) {
            endBlock()
            current = marker
            currentIsListItem = true
        }

        /// The next block starts a new paragraph even between list items (two lists in a row).
        mutating func paragraphBreak() {
            endBlock()
            pendingBreak = true
        }

        mutating func endBlock() {
            var text = current
            while let last = text.last, last.isWhitespace { text.removeLast() }
            while let first = text.first, first.isNewline || (!currentIsListItem && first.isWhitespace) { text.removeFirst() }
            if !text.trimmingCharacters(in: .whitespaces).isEmpty, !(currentIsListItem && isMarkerOnly(text.trimmingCharacters(in: .whitespaces))) {
                blocks.append((text, currentIsListItem, pendingBreak))
                pendingBreak = false
            }
            current = ""
            currentIsListItem = false
            pendingSpace = false
        }

        private func isMarkerOnly(_ s: String) -> Bool {
            s == "•" || (s.hasSuffix(".") && s.dropLast().allSatisfy(\.isNumber))
        }

        mutating func finish() -> String {
            endBlock()
            var out = ""
            for (i, block) in blocks.enumerated() {
                if i > 0 { out += (block.isListItem && blocks[i - 1].isListItem && !block.breakBefore) ? "\n" : "\n\n" }
                out += block.text
            }
            return out
        }
    }
}
