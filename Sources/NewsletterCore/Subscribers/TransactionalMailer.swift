import Crypto
import Foundation

/// Sends the confirmation and welcome emails through a transport, with everything they need
/// read once: identity, templates, token secret and DKIM signers.
public struct TransactionalMailer: Sendable {
    public let identity: NewsletterIdentity
    public let templates: TemplateSet
    public let secret: SymmetricKey
    public let transport: any MailTransport
    public let signers: [DKIMSigner]
    /// Makes each email's Message-ID, MIME boundary and Date; injected for golden files.
    public let envelope: @Sendable (_ domain: String, _ date: Date) -> DigestMessage.Envelope

    /// A confirmation link lasts this long (seconds).
    public static let confirmationLifetime = 7 * 86_400

    public init(identity: NewsletterIdentity, templates: TemplateSet, secret: SymmetricKey, transport: any MailTransport, signers: [DKIMSigner],
                envelope: @escaping @Sendable (String, Date) -> DigestMessage.Envelope = { DigestMessage.Envelope.random(domain: $0, date: $1) }) {
        self.envelope = envelope
        self.identity = identity
        self.templates = templates
        self.secret = secret
        self.transport = transport
        self.signers = signers
    }

    /// The confirmation email, with a 7-day, one-use confirm token. It goes to an address
    /// anyone may have typed into the public form, so it carries nothing else they typed:
    /// no name in the greeting or in `To:` (a "name" can be an advertisement or a link).
    public func sendConfirmation(to subscriber: Subscriber, now: Date) async throws {
        let token = SubscriberToken(purpose: .confirm, email: subscriber.email, expires: Int(now.timeIntervalSince1970) + Self.confirmationLifetime)
            .signed(with: secret)
        var anonymous = subscriber
        anonymous.name = nil
        try await send(.confirm, to: anonymous, actionURL: identity.baseURL + "/confirm/" + token, now: now)
    }

    /// The welcome email after a confirmation, with the unsubscribe link.
    public func sendWelcome(to subscriber: Subscriber, now: Date) async throws {
        let token = SubscriberToken(purpose: .unsubscribe, email: subscriber.email, expires: nil).signed(with: secret)
        try await send(.welcome, to: subscriber, actionURL: identity.baseURL + "/unsubscribe/" + token, now: now)
    }

    private func send(_ kind: TransactionalEmail.Kind, to subscriber: Subscriber, actionURL: String, now: Date) async throws {
        let message = TransactionalEmail(identity: identity, templates: templates).message(
            kind, to: Recipient(email: subscriber.email, name: subscriber.name), actionURL: actionURL,
            envelope: envelope(identity.from.domain, now))
        let bytes = try signers.sign(message.render(), date: now)
        try await transport.send(OutgoingMessage(sender: identity.from.address, recipients: [subscriber.email], data: bytes))
    }
}
