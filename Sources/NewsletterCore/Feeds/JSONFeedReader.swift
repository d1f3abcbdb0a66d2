import Foundation

/// Reads JSON Feed 1.0 and 1.1 (jsonfeed.org), the WordPress REST API's posts
/// (`/wp-json/wp/v2/posts`, with `_embedded` when fetched with `?_embed`), and the
/// "RSS in JSON" shape some servers emit.
struct JSONFeedReader {
    let json: Any
    let documentURL: String?
    var assembler = PostAssembler()

    /// The format of a decoded JSON document, or nil when it is none of those read here.
    static func format(of json: Any) -> FeedFormat? {
        if let object = json as? [String: Any] {
            if let version = object["version"] as? String, version.contains("jsonfeed.org/version") { return .jsonFeed }
            if object["items"] is [Any], object["title"] is String { return .jsonFeed }
            if isWordPressPost(object) { return .wordpress }
            if let rss = object["rss"] as? [String: Any], rss["channel"] is [String: Any] { return .rss20 }
            return nil
        }
        if let array = json as? [Any] {
            if array.isEmpty { return .wordpress }
            if let first = array.first as? [String: Any], isWordPressPost(first) { return .wordpress }
        }
        return nil
    }

    private static func isWordPressPost(_ object: [String: Any]) -> Bool {
        (object["title"] as? [String: Any])?["rendered"] != nil || (object["content"] as? [String: Any])?["rendered"] != nil
    }

    mutating func read(as format: FeedFormat) -> Feed {
        switch format {
        case .wordpress: return readWordPress()
        case .rss20: return readRSSInJSON()
        default: return readJSONFeed()
        }
    }

    // MARK: - JSON Feed

    private mutating func readJSONFeed() -> Feed {
        let feed = json as? [String: Any] ?? [:]
        let feedAuthors = Self.authorNames(feed)
        let base = (feed["home_page_url"] as? String) ?? documentURL
        var posts: [Post] = []
        for (i, element) in ((feed["items"] as? [Any]) ?? []).enumerated() {
            guard let item = element as? [String: Any] else {
                assembler.diagnostics.append(FeedDiagnostic(item: i + 1, message: "skipped an item that is not a JSON object"))
                continue
            }
            var raw = RawItem()
            raw.fingerprint = { Self.fingerprint(item) }
            raw.base = base
            raw.guid = Self.string(item["id"])
            raw.title = Self.string(item["title"]) ?? ""
            raw.link = Self.string(item["url"]) ?? Self.string(item["external_url"])
            raw.published = Self.string(item["date_published"])
            raw.updated = Self.string(item["date_modified"])
            raw.authors = Self.authorNames(item)
            if raw.authors.isEmpty { raw.authors = feedAuthors }
            raw.categories = (item["tags"] as? [Any])?.compactMap(Self.string) ?? []
            raw.image = Self.string(item["image"]) ?? Self.string(item["banner_image"])
            if let html = Self.string(item["content_html"]) {
                raw.contentHTML = html
            } else if let text = Self.string(item["content_text"]) {
                raw.contentHTML = Self.paragraphs(text)
            }
            raw.summaryHTML = Self.string(item["summary"]).map(XMLEscaping.escapeText)
            if let post = assembler.post(from: raw, index: i + 1) { posts.append(post) }
        }
        return Feed(format: .jsonFeed, title: Self.string(feed["title"]) ?? "", homePage: Self.string(feed["home_page_url"]),
                    language: Self.string(feed["language"]), posts: posts)
    }

    /// JSON Feed 1.1 `authors` wins over 1.0 `author`.
    private static func authorNames(_ object: [String: Any]) -> [String] {
        if let authors = object["authors"] as? [[String: Any]], !authors.isEmpty {
            return authors.compactMap { string($0["name"]) }
        }
        if let author = object["author"] as? [String: Any], let name = string(author["name"]) { return [name] }
        return []
    }

    // MARK: - WordPress REST API

    private mutating func readWordPress() -> Feed {
        let posts: [Any] = (json as? [Any]) ?? [json]
        var out: [Post] = []
        for (i, element) in posts.enumerated() {
            guard let item = element as? [String: Any] else {
                assembler.diagnostics.append(FeedDiagnostic(item: i + 1, message: "skipped an entry that is not a JSON object"))
                continue
            }
            var raw = RawItem()
            raw.fingerprint = { Self.fingerprint(item) }
            raw.base = Self.string(item["link"]) ?? documentURL
            raw.guid = Self.rendered(item["guid"]) ?? Self.string(item["id"])
            raw.title = HTMLText.inlineText(Self.rendered(item["title"]) ?? "")
            raw.link = Self.string(item["link"])
            raw.published = Self.wordPressDate(item, "date")
            raw.updated = Self.wordPressDate(item, "modified")
            raw.contentHTML = Self.rendered(item["content"])
            raw.summaryHTML = Self.rendered(item["excerpt"])
            let embedded = item["_embedded"] as? [String: Any] ?? [:]
            raw.authors = (embedded["author"] as? [[String: Any]])?.compactMap { Self.string($0["name"]) } ?? []
            if let media = (embedded["wp:featuredmedia"] as? [[String: Any]])?.first {
                raw.image = Self.string(media["source_url"])
            }
            raw.categories = ((embedded["wp:term"] as? [[Any]]) ?? []).flatMap { $0 }.compactMap { term in
                Self.string((term as? [String: Any])?["name"])
            }.map(HTMLText.decodeEntities)
            if let post = assembler.post(from: raw, index: i + 1) { out.append(post) }
        }
        return Feed(format: .wordpress, title: "", homePage: nil, language: nil, posts: out)
    }

    /// `date_gmt` is UTC without an offset; `date` is the site's local time.
    private static func wordPressDate(_ item: [String: Any], _ field: String) -> String? {
        if let gmt = string(item[field + "_gmt"]), !gmt.isEmpty { return gmt.hasSuffix("Z") ? gmt : gmt + "Z" }
        return string(item[field])
    }

    private static func rendered(_ value: Any?) -> String? {
        if let object = value as? [String: Any] { return string(object["rendered"]) }
        return string(value)
    }

    // MARK: - RSS in JSON

    private mutating func readRSSInJSON() -> Feed {
        let channel = ((json as? [String: Any])?["rss"] as? [String: Any])?["channel"] as? [String: Any] ?? [:]
        let items: [Any] = (channel["item"] as? [Any]) ?? (channel["item"].map { [$0] } ?? [])
        var posts: [Post] = []
        for (i, element) in items.enumerated() {
            guard let item = element as? [String: Any] else { continue }
            var raw = RawItem()
            raw.fingerprint = { Self.fingerprint(item) }
            raw.base = documentURL
            raw.guid = Self.string(item["guid"]) ?? Self.string((item["guid"] as? [String: Any])?["#value"])
            raw.title = HTMLText.inlineText(Self.string(item["title"]) ?? "")
            raw.link = Self.string(item["link"])
            raw.published = Self.string(item["pubDate"])
            raw.contentHTML = Self.string(item["description"])
            if let post = assembler.post(from: raw, index: i + 1) { posts.append(post) }
        }
        return Feed(format: .rss20, title: Self.string(channel["title"]) ?? "", homePage: Self.string(channel["link"]),
                    language: Self.string(channel["language"]), posts: posts)
    }

    // MARK: - Helpers

    /// The item's JSON with sorted keys, hashed into an id when it has no id or URL.
    static func fingerprint(_ item: [String: Any]) -> String {
        guard !item.isEmpty, let data = try? JSONSerialization.data(withJSONObject: item, options: [.sortedKeys]) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    static func string(_ value: Any?) -> String? {
        switch value {
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }

    /// Plain text as HTML paragraphs.
    static func paragraphs(_ text: String) -> String {
        text.components(separatedBy: "\n\n").map { "<p>" + XMLEscaping.escapeText($0).replacingOccurrences(of: "\n", with: "<br />") + "</p>" }.joined()
    }
}
