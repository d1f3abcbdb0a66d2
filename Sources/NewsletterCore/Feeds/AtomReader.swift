import Foundation

/// Reads Atom 1.0 (RFC 4287) and Atom 0.3 documents.
struct AtomReader {
    let root: XMLTreeElement
    let documentURL: String?
    var assembler = PostAssembler()

    private var atom: Set<String?> { [root.namespace] }

    var format: FeedFormat {
        switch root.namespace {
        case XMLNamespaces.atom10: .atom10
        case nil: root.attribute("version") == "0.3" ? .atom03 : .atom10
        default: .atom03
        }
    }

    mutating func read() -> Feed {
        let feedAuthors = authors(of: root)
        let entries = root.children("entry", in: atom)
        let reader = self
        let posts = assembler.posts(count: entries.count) { i, assembler in
            var raw = reader.rawItem(entries[i])
            if raw.authors.isEmpty { raw.authors = feedAuthors }
            return assembler.post(from: raw, index: i + 1, line: entries[i].line)
        }
        let language = root.attribute("lang", namespace: XMLNamespaces.xml)
        let updatedElement = root.child("updated", in: atom) ?? root.child("modified", in: atom)
        let updated = assembler.date(updatedElement?.text, field: "feed", index: nil, line: updatedElement?.line)
        return Feed(
            format: format,
            title: root.child("title", in: atom).map(Self.plainText) ?? "",
            homePage: alternateLink(of: root),
            language: language,
            updated: updated,
            posts: posts
        )
    }

    private func rawItem(_ entry: XMLTreeElement) -> RawItem {
        var raw = RawItem()
        raw.fingerprint = { entry.innerXML }
        raw.base = entry.base ?? documentURL
        raw.guid = entry.child("id", in: atom)?.text
        raw.title = entry.child("title", in: atom).map(Self.plainText) ?? ""
        // No link, but an id that is a web address: that address (feedparser's guidislink).
        raw.link = alternateLink(of: entry) ?? raw.guid.flatMap(Self.webAddress)
        raw.published = (entry.child("published", in: atom) ?? entry.child("issued", in: atom) ?? entry.child("created", in: atom))?.text
        raw.updated = (entry.child("updated", in: atom) ?? entry.child("modified", in: atom))?.text
        raw.authors = authors(of: entry)
        if raw.authors.isEmpty, let source = entry.child("source", in: atom) { raw.authors = authors(of: source) }
        raw.categories = entry.children("category", in: atom).compactMap { $0.attribute("term") ?? $0.attribute("label") }
        if let content = entry.child("content", in: atom), content.attribute("src") == nil {
            raw.contentHTML = Self.html(of: content)
            if let contentBase = content.base { raw.base = contentBase }
        }
        raw.summaryHTML = entry.child("summary", in: atom).map(Self.html)
        raw.image = RSSReader.image(of: entry, plain: atom)
        return raw
    }

    /// `id` when it is an absolute http(s) URL.
    static func webAddress(_ id: String) -> String? {
        let trimmed = id.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = trimmed.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), trimmed.count > 8, !trimmed.contains(" ") else { return nil }
        return trimmed
    }

    private func alternateLink(of element: XMLTreeElement) -> String? {
        let links = element.children("link", in: atom)
        let alternates = links.filter { ($0.attribute("rel") ?? "alternate") == "alternate" }
        let chosen = alternates.first { ($0.attribute("type") ?? "text/html").contains("html") } ?? alternates.first
        guard let href = chosen?.attribute("href"), !href.isEmpty else { return nil }
        return URLResolver.resolve(href, against: chosen?.base ?? documentURL)
    }

    private func authors(of element: XMLTreeElement) -> [String] {
        element.children("author", in: atom).compactMap { $0.child("name", in: atom)?.text ?? $0.child("email", in: atom)?.text }
    }

    /// The kind of an Atom text construct (RFC 4287 §3.1) or Atom 0.3 content.
    private enum Kind { case text, html, xhtml, base64 }

    private static func kind(of element: XMLTreeElement) -> Kind {
        let mode = element.attribute("mode")?.lowercased()
        if mode == "base64" { return .base64 }
        let type = (element.attribute("type") ?? "text").lowercased()
        if mode == "escaped" { return type.contains("plain") ? .text : .html }
        switch type {
        case "text", "text/plain": return .text
        case "html", "text/html": return .html
        case "xhtml", "application/xhtml+xml": return .xhtml
        default:
            if type.hasPrefix("text/") || type.hasSuffix("+xml") || type.hasSuffix("/xml") { return .xhtml }
            return .base64
        }
    }

    /// A text construct as plain text.
    static func plainText(_ element: XMLTreeElement) -> String {
        switch kind(of: element) {
        case .text: return HTMLText.collapseWhitespace(element.text)
        default: return HTMLText.inlineText(html(of: element))
        }
    }

    /// A text construct or content element as HTML.
    static func html(of element: XMLTreeElement) -> String {
        switch kind(of: element) {
        case .text:
            return XMLEscaping.escapeText(element.text)
        case .html:
            return element.text
        case .xhtml:
            if let div = element.elements.first, element.elements.count == 1, div.name == "div" {
                return div.innerXML
            }
            return element.innerXML
        case .base64:
            let compact = element.text.filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: compact) else { return XMLEscaping.escapeText(element.text) }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
