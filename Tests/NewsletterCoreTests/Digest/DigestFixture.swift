import Crypto
import Foundation
import NewsletterCore

/// A digest of the sample blog with everything that varies fixed, for golden files.
enum DigestFixture {
    static let now = utc(2026, 11, 27, 9)
    static let identity = NewsletterIdentity(
        name: "Harbor Light Counseling", from: SampleBlog.from, blogURL: "https://www.harborlightclinic.example/blog/",
        baseURL: "https://news.harborlightclinic.example", postalAddress: SampleBlog.postalAddress
    )
    static let secret = SymmetricKey(data: Data("golden-secret".utf8))
    static let envelope = DigestMessage.Envelope(messageID: "<golden-1@harborlightclinic.example>", boundary: "=_nl_golden", date: now)

    static func digest() throws -> NewsletterCore.Digest {
        let feed = try FeedParser.parse(Data(SampleBlog.feedXML.utf8), source: "sample", url: SampleBlog.feedURL).feed
        let posts = NewsletterCore.Digest.selectPosts(from: feed, since: utc(2026, 11, 6))
        return NewsletterCore.Digest(issueID: "2026-11-27", date: now, posts: posts, identity: identity)
    }

    static func rendered() throws -> RenderedDigest {
        DigestRenderer(templates: try TemplateSet()).render(try digest())
    }

    static func token(_ email: String) -> String {
        SubscriberToken(purpose: .unsubscribe, email: email, expires: nil).signed(with: secret)
    }

    static func preferencesToken(_ email: String) -> String {
        SubscriberToken(purpose: .preferences, email: email, expires: nil).signed(with: secret)
    }

    static func message(to recipient: Recipient, envelope: DigestMessage.Envelope = envelope) throws -> EmailMessage {
        DigestMessage(identity: identity, rendered: try rendered()).message(for: recipient, token: token(recipient.email),
                                                                           preferences: preferencesToken(recipient.email), envelope: envelope)
    }

    /// An Ed25519 PKCS#8 PEM for a fresh key.
    static func ed25519PEM() -> String { DKIMKey.ed25519PEM() }
}
