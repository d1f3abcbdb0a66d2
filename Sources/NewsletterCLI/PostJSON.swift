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

    static func encode(_ posts: [Post]) -> String {
        JSONValue.array(posts.map(value)).render()
    }
}
