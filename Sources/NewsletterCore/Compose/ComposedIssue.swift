import Crypto
import Foundation

/// A digest rendered once, ready to be personalised and signed for each recipient.
public struct ComposedIssue: Sendable {
    public private(set) var rendered: RenderedDigest
    public let identity: NewsletterIdentity
    let secret: SymmetricKey
    /// HMAC-SHA256 keyed with `secret` once; copied for each token and tag.
    private let keyed: HMAC<SHA256>
    let signers: [DKIMSigner]
    let envelope: @Sendable (String, Date) -> DigestMessage.Envelope
    private var builder: DigestMessage
    /// The issue's other renderings by number (`IssueVariant`), for copies that name one.
    public var variants: [Int: ComposedIssue] = [:]
    /// The issue's id, carried (signed per person) on its unsubscribe links; nil for none.
    public var issueID: String?

    func unsubscribeQuery(for email: String) -> String {
        issueID.map { IssueTag.query(issue: $0, email: email, keyed: keyed) } ?? ""
    }

    /// The rendering a copy with `number` gets: this one for 0.
    public func variant(_ number: Int) -> ComposedIssue {
        number == 0 ? self : variants[number] ?? self
    }

    init(rendered: RenderedDigest, identity: NewsletterIdentity, secret: SymmetricKey, signers: [DKIMSigner],
         envelope: @escaping @Sendable (String, Date) -> DigestMessage.Envelope) {
        self.rendered = rendered
        self.identity = identity
        self.secret = secret
        keyed = HMAC<SHA256>(key: secret)
        self.signers = signers
        self.envelope = envelope
        builder = DigestMessage(identity: identity, rendered: rendered)
    }

    public var subject: String { rendered.subject }

    /// The same issue with another subject (`[TEST] …` for `send --test-to`).
    public func withSubject(_ subject: String) -> ComposedIssue {
        var copy = rendered
        copy.subject = subject
        var issue = ComposedIssue(rendered: copy, identity: identity, secret: secret, signers: signers, envelope: envelope)
        issue.issueID = issueID
        return issue
    }

    /// The recipient's unsubscribe token (no expiry: a link in an old email keeps working).
    public func unsubscribeToken(for email: String) -> String {
        SubscriberToken(purpose: .unsubscribe, email: email, expires: nil).signed(with: keyed)
    }

    /// The recipient's preferences token (no expiry either), with its own purpose.
    public func preferencesToken(for email: String) -> String {
        SubscriberToken(purpose: .preferences, email: email, expires: nil).signed(with: keyed)
    }

    /// The recipient's copy as a MIME tree (for `preview`, which also writes its parts).
    public func message(for recipient: Recipient, date: Date, preEncoded: Bool = true) -> EmailMessage {
        builder.message(for: recipient, token: unsubscribeToken(for: recipient.email), preferences: preferencesToken(for: recipient.email),
                        envelope: envelope(identity.from.domain, date), preEncoded: preEncoded, unsubscribeQuery: unsubscribeQuery(for: recipient.email))
    }

    /// The recipient's copy as the bytes that go on the wire: personalised, encoded and signed.
    public func bytes(for recipient: Recipient, date: Date) throws -> [UInt8] {
        try copy(for: recipient, date: date).bytes
    }

    /// The recipient's copy and its Message-ID.
    public func copy(for recipient: Recipient, date: Date) throws -> (bytes: [UInt8], messageID: String) {
        let envelope = envelope(identity.from.domain, date)
        let bytes = builder.bytes(for: recipient, token: unsubscribeToken(for: recipient.email), preferences: preferencesToken(for: recipient.email),
                                  envelope: envelope, unsubscribeQuery: unsubscribeQuery(for: recipient.email))
        return (try sign(bytes, date: date), envelope.messageID)
    }

    /// Adds one DKIM-Signature per signer.
    public func sign(_ bytes: [UInt8], date: Date) throws -> [UInt8] {
        try signers.sign(bytes, date: date)
    }
}
