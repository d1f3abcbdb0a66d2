import Foundation

/// Who sends the newsletter and where its pages live.
public struct NewsletterIdentity: Sendable, Equatable {
    /// The newsletter's name, shown in the header and the `List-Id` phrase.
    public var name: String
    public var from: EmailAddress
    public var replyTo: EmailAddress?
    /// The blog's home page; its host (and the feed's) gets UTM tags.
    public var blogURL: String?
    /// The public base URL of `newsletter serve`: unsubscribe, confirm and archive links.
    public var baseURL: String
    /// The sender's postal address for the footer (CAN-SPAM).
    public var postalAddress: String
    /// The `lang` of the HTML.
    public var language: String
    /// `Feedback-ID` (Gmail feedback loop), when set.
    public var feedbackID: String?

    public init(name: String, from: EmailAddress, replyTo: EmailAddress? = nil, blogURL: String? = nil, baseURL: String,
                postalAddress: String, language: String = "en", feedbackID: String? = nil) {
        self.name = name
        self.from = from
        self.replyTo = replyTo
        self.blogURL = blogURL
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.postalAddress = postalAddress
        self.language = language
        self.feedbackID = feedbackID
    }

    /// `List-Id` (RFC 2919): a phrase and a dotted identifier under the sender's domain.
    public var listID: String {
        let slug = name.lowercased().unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? String($0) : "-" }.joined()
            .split(separator: "-").joined(separator: "-")
        return "\(slug.isEmpty ? "newsletter" : slug).\(from.domain)"
    }
}

/// One issue of the newsletter: the posts it carries, when, and from whom.
public struct Digest: Sendable {
    /// A stable id for the issue (`2026-11-29`), used in links and the archive.
    public var issueID: String
    public var date: Date
    public var posts: [Post]
    public var identity: NewsletterIdentity

    public init(issueID: String, date: Date, posts: [Post], identity: NewsletterIdentity) {
        self.issueID = issueID
        self.date = date
        self.posts = posts
        self.identity = identity
    }

    /// The posts for an issue: published at or after `since`, not after `until` (scheduled
    /// posts wait for their day) and not already sent, newest first.
    public static func selectPosts(from feed: Feed, since: Date?, until: Date? = nil, excluding sent: Set<String> = [], limit: Int? = nil) -> [Post] {
        var posts = feed.newestFirst.filter { !sent.contains($0.id) }
        if let since { posts = posts.filter { ($0.date ?? .distantPast) >= since } }
        if let until { posts = posts.filter { ($0.date ?? .distantPast) <= until } }
        if let limit { posts = Array(posts.prefix(limit)) }
        return posts
    }
}

/// The person a copy is personalised for.
public struct Recipient: Sendable, Equatable {
    public var email: String
    public var name: String?

    public init(email: String, name: String? = nil) {
        self.email = email
        self.name = name
    }

    /// The first word of the name for "Hi …,", or "there" without one.
    public var greetingName: String {
        name.map { HTMLText.collapseWhitespace(HeaderEncoding.sanitize($0)) }.flatMap { $0.split(separator: " ").first.map(String.init) } ?? "there"
    }
}
