import Foundation
import NewsletterCore

/// `posts --json`: the fields of SPEC.md in its order, `null` for what the feed lacks, dates in UTC.
enum PostJSON {
    static func value(_ post: Post) -> JSONValue {
        .object([
            ("id", .string(post.id)),
            ("title", .string(post.title)),
            ("url", .optional(post.url)),
            ("published", .optional(post.published.map(UTCFormat.iso8601))),
            ("updated", .optional(post.updated.map(UTCFormat.iso8601))),
            ("author", .optional(post.author)),
            ("summary", .string(post.summary)),
            ("categories", .array(post.categories.map(JSONValue.string))),
            ("image", .optional(post.image)),
        ])
    }

    /// The pretty-printed array and a final newline, one post at a time (no tree of the
    /// whole list), as the bytes to write.
    static func encode(_ posts: [Post]) -> [UInt8] {
        guard !posts.isEmpty else { return Array("[]\n".utf8) }
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(posts.count * 512)
        for (i, post) in posts.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.newline(&out, indent: 1)
            value(post).write(to: &out, pretty: true, indent: 1)
        }
        out += "\n]\n".utf8
        return out
    }
}
