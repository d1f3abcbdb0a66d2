import Foundation

/// Rendering the next digest, or a post's announcement, for one reader without sending
/// it: the use case behind `newsletter preview` (and the console's preview).
public struct PreviewIssue: Sendable {
    /// What a preview shows: the issue and its three files' contents.
    public struct Preview: Sendable {
        public var composed: ComposedIssue
        public var posts: [Post]
        public var html: String
        public var text: String
        /// The whole message, signed when DKIM keys are set.
        public var eml: [UInt8]
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case postNotInFeed(String, feed: String)
        case noPosts(since: Date)

        public var description: String {
            switch self {
            case .postNotInFeed(let url, let feed):
                "The post \(url) is not in the feed \(feed); give a URL that newsletter posts lists."
            case .noPosts(let since):
                "No posts were published since \(UTCFormat.iso8601(since)); choose a wider window with --since, e.g. --since 30d."
            }
        }
    }

    public let composer: IssueComposer
    /// Where the feed comes from, for sentences.
    public let feedName: String

    public init(composer: IssueComposer, feedName: String) {
        self.composer = composer
        self.feedName = feedName
    }

    /// The announcement of the post at `post`, or else the digest of the posts since
    /// `since` (as many as a digest carries, so the preview is what a send would send),
    /// personalised for `recipient`. The issue id is the day's, as a send's first would be.
    public func render(feed: Feed, post: String?, since: Date, for recipient: Recipient, now: Date) throws -> Preview {
        let issueID = IssueID.day(now)
        let composed: ComposedIssue
        let posts: [Post]
        if let post {
            guard let found = feed.post(at: post) else { throw Failure.postNotInFeed(post, feed: feedName) }
            posts = [found]
            composed = composer.composeAnnouncement(issueID: issueID, date: now, post: found)
        } else {
            posts = IssueComposer.selectPosts(from: feed, since: since, now: now, limit: IssueComposer.postLimit)
            guard !posts.isEmpty else { throw Failure.noPosts(since: since) }
            composed = composer.compose(issueID: issueID, date: now, posts: posts)
        }
        return try preview(composed, posts: posts, for: recipient, now: now)
    }

    /// The issue of the posts `ids` (those still in the feed) as `recipient` will get it: a
    /// digest, or a post's announcement; nil when none of them is in the feed.
    public func render(feed: Feed, postIDs ids: [String], kind: IssueKind, for recipient: Recipient, now: Date) throws -> Preview? {
        let posts = ids.compactMap { id in feed.posts.first { $0.id == id } }
        guard let first = posts.first else { return nil }
        let composed = kind == .digest ? composer.compose(issueID: IssueID.day(now), date: now, posts: posts)
            : composer.composeAnnouncement(issueID: IssueID.day(now), date: now, post: first)
        return try preview(composed, posts: posts, for: recipient, now: now)
    }

    /// A message written in Markdown as `recipient` will get it.
    public func render(_ message: MarkdownMessage, for recipient: Recipient, now: Date) throws -> Preview {
        let post = message.post(at: now)
        return try preview(composer.composeAnnouncement(issueID: IssueID.day(now), date: now, post: post), posts: [post], for: recipient, now: now)
    }

    func preview(_ composed: ComposedIssue, posts: [Post], for recipient: Recipient, now: Date) throws -> Preview {
        let message = composed.message(for: recipient, date: now, preEncoded: false)
        let eml = try composed.sign(message.render(), date: now)
        guard case .multipart(_, _, let parts) = message.body, parts.count >= 2, case .text(_, let text) = parts[0], case .text(_, let html) = parts[1] else {
            return Preview(composed: composed, posts: posts, html: "", text: "", eml: eml)
        }
        return Preview(composed: composed, posts: posts, html: html, text: text, eml: eml)
    }
}
