import Crypto
import Foundation

/// Composing an issue, written once for `send`, `send --test-to`, `preview`, the benchmark
/// and the send runner: it selects the posts, renders the digest once, and makes each
/// recipient's signed message (unsubscribe token, envelope, personalised bytes, DKIM).
public struct IssueComposer: Sendable {
    public var identity: NewsletterIdentity
    public var templates: TemplateSet
    public var shareSettings: ShareSettings
    /// Signs unsubscribe tokens.
    public var secret: SymmetricKey
    /// One DKIM signature per signer (RFC 8463 dual signing with two); none is unsigned.
    public var signers: [DKIMSigner]
    /// With click tracking on (`NEWSLETTER_CLICK_TRACKING=aggregate`), the blog's links go
    /// through `/r/…`, signed with `secret`.
    public var clickTracking = false
    /// Makes each copy's Message-ID, MIME boundary and Date; injected for golden files.
    public var envelope: @Sendable (_ domain: String, _ date: Date) -> DigestMessage.Envelope

    public init(identity: NewsletterIdentity, templates: TemplateSet, shareSettings: ShareSettings = ShareSettings(), secret: SymmetricKey,
                signers: [DKIMSigner] = [],
                envelope: @escaping @Sendable (String, Date) -> DigestMessage.Envelope = { DigestMessage.Envelope.random(domain: $0, date: $1) }) {
        self.identity = identity
        self.templates = templates
        self.shareSettings = shareSettings
        self.secret = secret
        self.signers = signers
        self.envelope = envelope
    }

    var renderer: DigestRenderer {
        DigestRenderer(templates: templates, shareSettings: shareSettings,
                       clickLinks: clickTracking ? ClickLinks(baseURL: identity.baseURL, secret: secret) : nil)
    }

    /// Digests carry at most this many posts.
    public static let postLimit = 10

    /// The posts of the next digest: published since `since` and not after `now` (scheduled
    /// posts wait for their day), none already sent, newest first, at most `limit`.
    public static func selectPosts(from feed: Feed, since: Date, now: Date, excluding sent: Set<String> = [], limit: Int? = nil) -> [Post] {
        Digest.selectPosts(from: feed, since: since, until: now, excluding: sent, limit: limit)
    }

    /// Where the next digest starts when no `--since` is given: a week before the last
    /// digest (a week's grace for posts that reached the feed late; those already sent are
    /// left out), or the last week for the first one; never the blog's whole history.
    public static func defaultCutoff(lastIssue: Date?, now: Date) -> Date {
        (lastIssue ?? now).addingTimeInterval(-7 * 86_400)
    }

    /// Renders the digest of `posts` once: every copy is this text with holes filled.
    public func compose(issueID: String, date: Date, posts: [Post]) -> ComposedIssue {
        let digest = Digest(issueID: issueID, date: date, posts: posts, identity: identity)
        let rendered = renderer.render(digest)
        var composed = ComposedIssue(rendered: rendered, identity: identity, secret: secret, signers: signers, envelope: envelope)
        composed.issueID = issueID
        return composed
    }

    /// One post in full, as its own email (`Templates/announcement.*`).
    public func composeAnnouncement(issueID: String, date: Date, post: Post) -> ComposedIssue {
        let digest = Digest(issueID: issueID, date: date, posts: [post], identity: identity)
        let rendered = renderer.renderAnnouncement(digest)
        var composed = ComposedIssue(rendered: rendered, identity: identity, secret: secret, signers: signers, envelope: envelope)
        composed.issueID = issueID
        return composed
    }

    /// The digest of `posts` rendered without each set of posts in `omitting` (what some
    /// subscribers already received in announcements), numbered from 1; a set holding
    /// every post needs no rendering (those subscribers get no digest).
    public func variants(issueID: String, date: Date, posts: [Post], omitting sets: [Set<String>]) -> [IssueVariant] {
        var out: [IssueVariant] = []
        for omitted in sets {
            let kept = posts.filter { !omitted.contains($0.id) }
            guard !kept.isEmpty, kept.count < posts.count else { continue }
            let rendered = compose(issueID: issueID, date: date, posts: kept).rendered
            out.append(IssueVariant(number: out.count + 1, omitted: omitted.intersection(posts.map(\.id)), subject: rendered.subject,
                                    html: rendered.html.rendered, text: rendered.text.rendered))
        }
        return out
    }

    /// An issue from the ledger, exactly as it was rendered when it was first sent, with
    /// its variants.
    public func resume(_ issue: IssueRecord) -> ComposedIssue {
        func composed(_ subject: String, _ html: String, _ text: String) -> ComposedIssue {
            let rendered = RenderedDigest(subject: subject, html: PersonalizedText(rendered: html), text: PersonalizedText(rendered: text))
            var composed = ComposedIssue(rendered: rendered, identity: issue.identity, secret: secret, signers: signers, envelope: envelope)
            composed.issueID = issue.id
            return composed
        }
        var main = composed(issue.subject, issue.html, issue.text)
        for variant in issue.variants {
            main.variants[variant.number] = composed(variant.subject, variant.html, variant.text)
        }
        return main
    }
}
