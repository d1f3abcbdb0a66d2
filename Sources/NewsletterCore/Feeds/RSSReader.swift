import Foundation

/// Reads RSS 0.9x, 2.0 and 1.0 (RDF) documents (RSS 2.0 specification; RSS 1.0 and its
/// Dublin Core and Content modules), with the Media RSS and Atom elements feeds mix in.
struct RSSReader {
    let root: XMLTreeElement
    let documentURL: String?
    var assembler = PostAssembler()

    private static let ns = XMLNamespaces.self

    var format: FeedFormat {
        if root.name == "RDF" {
            return root.child("channel", in: [Self.ns.rss090]) != nil ? .rss09x : .rss10
        }
        let version = root.attribute("version") ?? ""
        return version.hasPrefix("0.9") ? .rss09x : .rss20
    }

    mutating func read() -> Feed {
        let plain: Set<String?> = [nil, Self.ns.rss10, Self.ns.rss090, root.namespace]
        let channel = root.child("channel", in: plain) ?? root
        var items = channel.children("item", in: plain)
        if root.name == "RDF" || items.isEmpty {
            items += root.children("item", in: plain).filter { item in !items.contains { $0 === item } }
        }
        let link = (channel.child("link", in: plain)?.text).map(Byte.trimmed)
        // Without a document URL, relative links resolve against the blog's home page.
        let base = documentURL ?? link.flatMap { URLResolver.isAbsolute($0) ? $0 : nil }
        let reader = self
        let posts = assembler.posts(count: items.count) { i, assembler in
            assembler.post(from: reader.rawItem(items[i], plain: plain, base: base), index: i + 1, line: items[i].line)
        }
        return Feed(
            format: format,
            title: HTMLText.collapseWhitespace(titleText(channel.child("title", in: plain)?.text ?? "")),
            homePage: link.flatMap { $0.isEmpty ? nil : URLResolver.resolve($0, against: channel.base ?? documentURL) },
            language: ((channel.child("language", in: plain) ?? channel.child("language", in: [Self.ns.dc]))?.text).map(Byte.trimmed),
            updated: channelDate(channel, plain: plain),
            posts: posts
        )
    }

    private mutating func channelDate(_ channel: XMLTreeElement, plain: Set<String?>) -> Date? {
        let element = channel.child("lastBuildDate", in: plain) ?? channel.child("pubDate", in: plain) ?? channel.child("date", in: [Self.ns.dc])
        return assembler.date(element?.text, field: "channel", index: nil, line: element?.line)
    }

    private func rawItem(_ item: XMLTreeElement, plain: Set<String?>, base: String?) -> RawItem {
        var raw = RawItem()
        raw.fingerprint = { item.innerXML }
        raw.base = item.base ?? base
        let title = item.child("title", in: plain) ?? item.child("title", in: [Self.ns.dc])
        raw.title = titleText(title?.text ?? "")
        let guid = item.child("guid", in: plain)
        raw.guid = guid?.text
        var link = (item.child("link", in: plain)?.text).map(Byte.trimmed)
        if link?.isEmpty ?? true {
            link = item.children("link", in: [Self.ns.atom10]).first { ($0.attribute("rel") ?? "alternate") == "alternate" }?.attribute("href")
        }
        if link?.isEmpty ?? true, let about = item.attribute("about", namespace: Self.ns.rdf) { link = about }
        if link?.isEmpty ?? true, let guid, guid.attribute("isPermaLink")?.lowercased() != "false" {
            let value = Byte.trimmed(guid.text)
            if value.hasPrefix("http://") || value.hasPrefix("https://") { link = value }
        }
        raw.link = link
        if raw.guid == nil { raw.guid = item.attribute("about", namespace: Self.ns.rdf) }
        raw.published = firstText(item, [("pubDate", plain), ("date", [Self.ns.dc]), ("issued", [Self.ns.dcterms]), ("published", [Self.ns.atom10])])
        raw.updated = firstText(item, [("modified", [Self.ns.dcterms]), ("updated", [Self.ns.atom10])])
        if raw.published == nil, raw.updated == nil { raw.published = firstText(item, [("created", [Self.ns.dcterms])]) }
        raw.authors = item.children("creator", in: [Self.ns.dc]).map(\.text)
        if raw.authors.isEmpty, let author = item.child("author", in: plain)?.text {
            raw.authors = [Self.authorName(fromRSS: author)]
        }
        if raw.authors.isEmpty, let author = item.child("author", in: Self.ns.itunesAll)?.text { raw.authors = [author] }
        raw.categories = item.children("category", in: plain).map(\.text) + item.children("subject", in: [Self.ns.dc]).map(\.text)
        if let description = item.child("description", in: plain) {
            raw.summaryHTML = description.elements.isEmpty ? description.text : description.innerXML
        }
        raw.contentHTML = item.child("encoded", in: [Self.ns.content])?.text
        if raw.contentHTML == nil {
            raw.contentHTML = raw.summaryHTML
            raw.summaryHTML = nil
        }
        if raw.summaryHTML == nil, let summary = item.child("summary", in: Self.ns.itunesAll)?.text { raw.summaryHTML = XMLEscaping.escapeText(summary) }
        raw.image = Self.image(of: item, plain: plain)
        return raw
    }

    /// The image of an item: an image enclosure, `media:thumbnail`, `media:content`, or `itunes:image`.
    static func image(of item: XMLTreeElement, plain: Set<String?>) -> String? {
        for enclosure in item.children("enclosure", in: plain) + item.children("link", in: [ns.atom10]).filter({ $0.attribute("rel") == "enclosure" }) {
            let url = enclosure.attribute("url") ?? enclosure.attribute("href")
            if let url, isImage(type: enclosure.attribute("type"), url: url) { return url }
        }
        let groups = [item] + item.children("group", in: [ns.media])
        for scope in groups {
            if let thumb = scope.child("thumbnail", in: [ns.media])?.attribute("url") { return thumb }
        }
        for scope in groups {
            for media in scope.children("content", in: [ns.media]) {
                guard let url = media.attribute("url") else { continue }
                if media.attribute("medium") == "image" || isImage(type: media.attribute("type"), url: url) { return url }
            }
        }
        if let href = item.child("image", in: ns.itunesAll)?.attribute("href") { return href }
        if let url = item.child("image", in: plain)?.child("url", in: plain)?.text { return Byte.trimmed(url) }
        return nil
    }

    static func isImage(type: String?, url: String) -> Bool {
        if let type { return type.lowercased().hasPrefix("image/") }
        let path = url.lowercased().split(separator: "?").first ?? ""
        return [".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"].contains { path.hasSuffix($0) }
    }

    /// RSS 2.0 `author` is `email (Name)`; the name is what a reader wants.
    static func authorName(fromRSS value: String) -> String {
        let v = Byte.trimmed(value)
        guard let open = v.firstIndex(of: "("), let close = v.lastIndex(of: ")"), open < close else { return v }
        let inside = v[v.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
        let outside = v[..<open].trimmingCharacters(in: .whitespaces)
        // `me@example.com (Name)` as RSS 2.0 says, or the reverse that publishers also write.
        return inside.contains("@" as Character) && !outside.isEmpty ? outside : inside
    }

    /// RSS titles are plain text by the letter, but publishers escape HTML in them; decode
    /// markup and entities only when the text carries some.
    private func titleText(_ text: String) -> String {
        HTMLText.looksLikeHTML(text) ? HTMLText.inlineText(text) : text
    }

    private func firstText(_ item: XMLTreeElement, _ candidates: [(String, Set<String?>)]) -> String? {
        for (name, namespaces) in candidates {
            if let e = item.child(name, in: namespaces) { return e.text }
        }
        return nil
    }
}
