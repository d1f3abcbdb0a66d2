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
