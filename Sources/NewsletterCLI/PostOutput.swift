import Foundation
import NewsletterCore

/// `posts --json`: the fields of SPEC.md, `null` for what the feed lacks, dates in UTC.
enum PostJSON {
    private struct Item: Encodable {
        let post: Post

        enum Keys: String, CodingKey { case id, title, url, published, updated, author, summary, categories, image }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(post.id, forKey: .id)
            try c.encode(post.title, forKey: .title)
            try c.encode(post.url, forKey: .url)
            try c.encode(post.published.map(ISODate.string), forKey: .published)
            try c.encode(post.updated.map(ISODate.string), forKey: .updated)
            try c.encode(post.author, forKey: .author)
            try c.encode(post.summary, forKey: .summary)
            try c.encode(post.categories, forKey: .categories)
            try c.encode(post.image, forKey: .image)
        }
    }

    static func encode(_ posts: [Post]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(posts.map(Item.init)), as: UTF8.self)
    }
}

/// `posts` as text: date, title, link, byline.
enum PostText {
    static func render(_ posts: [Post]) -> String {
        guard !posts.isEmpty else { return "No posts." }
        var lines: [String] = []
        for post in posts {
            let date = post.date.map { String(ISODate.string($0).prefix(10)) } ?? "(no date)  "
            lines.append("\(date)  \(post.title.isEmpty ? "(untitled)" : post.title)")
            if let url = post.url { lines.append("            \(url)") }
            var byline: [String] = []
            if let author = post.author { byline.append("by \(author)") }
            if !post.categories.isEmpty { byline.append(post.categories.joined(separator: ", ")) }
            if !byline.isEmpty { lines.append("            " + byline.joined(separator: " · ")) }
        }
        return lines.joined(separator: "\n")
    }
}

/// ISO 8601 in UTC with whole seconds, e.g. `2026-11-20T09:30:00Z`.
enum ISODate {
    static func string(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
