import Foundation
import NewsletterCore

/// `posts --json`: the fields of SPEC.md in its order, `null` for what the feed lacks, dates in UTC.
enum PostJSON {
    static func value(_ post: Post) -> JSONValue {
        .object([
            ("id", .string(post.id)),
            ("title", .string(post.title)),
            ("url", .optional(post.url)),
            ("published", .optional(post.published.map(ISODate.string))),
            ("updated", .optional(post.updated.map(ISODate.string))),
            ("author", .optional(post.author)),
            ("summary", .string(post.summary)),
            ("categories", .array(post.categories.map(JSONValue.string))),
            ("image", .optional(post.image)),
        ])
    }

    static func encode(_ posts: [Post]) -> String {
        JSONValue.array(posts.map(value)).render()
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
