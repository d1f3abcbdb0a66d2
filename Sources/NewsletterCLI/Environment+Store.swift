import Crypto
import Foundation
import NewsletterCore
import NewsletterDelivery
import NewsletterStore

extension Environment {
    /// The subscriber store at `NEWSLETTER_DB`.
    func store() throws -> SQLiteSubscriberStore {
        try SQLiteSubscriberStore(path: databasePath)
    }

    /// The outbox Maildir: `NEWSLETTER_OUTBOX`, `outbox` in the config, or `Outbox/`.
    var outboxDirectory: String { setting("NEWSLETTER_OUTBOX", config: "outbox") ?? "Outbox" }

    /// SMTP settings when `NEWSLETTER_SMTP_URL` is set; secrets only from the environment.
    func smtpSettings() throws -> SMTPSettings? {
        guard let url = setting("NEWSLETTER_SMTP_URL", config: "smtp.url") else { return nil }
        var password = variables["NEWSLETTER_SMTP_PASSWORD"]
        if password == nil, let file = variables["NEWSLETTER_SMTP_PASSWORD_FILE"] {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError("The SMTP password file \(file) (NEWSLETTER_SMTP_PASSWORD_FILE) cannot be read.")
            }
            password = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        }
        return try SMTPSettings(url: url, tls: setting("NEWSLETTER_SMTP_TLS", config: "smtp.tls"),
                                caFile: setting("NEWSLETTER_SMTP_CA_FILE", config: "smtp.ca_file"),
                                username: setting("NEWSLETTER_SMTP_USERNAME", config: "smtp.username"), password: password,
                                ehloName: setting("NEWSLETTER_SMTP_EHLO", config: "smtp.ehlo"),
                                timeout: setting("NEWSLETTER_SMTP_TIMEOUT", config: "smtp.timeout").flatMap(Double.init) ?? 60)
    }

    /// Where digests go: SMTP when configured, else the outbox.
    func deliverySink() throws -> DeliverySink {
        if let smtp = try smtpSettings() { return .smtp(smtp) }
        return .maildir(URL(fileURLWithPath: outboxDirectory, isDirectory: true))
    }

    /// The transport for single emails: SMTP when configured, else the outbox.
    func transport() throws -> (any MailTransport, description: String) {
        if let smtp = try smtpSettings() { return (CurlSMTPTransport(settings: smtp), smtp.url) }
        return (MaildirTransport(directory: URL(fileURLWithPath: outboxDirectory, isDirectory: true)), "the outbox \(outboxDirectory)/new")
    }

    /// The identity for emails outside a digest: from the feed's settings, without fetching it.
    func mailIdentity() throws -> NewsletterIdentity {
        let source = feedSource(flag: nil)
        let feed = Feed(format: .rss20, title: source == .sample ? "Harbor Light Counseling" : "", homePage: nil, posts: [])
        return try identity(for: feed, source: source)
    }

    /// What single emails need, read once: identity, templates, token secret, transport, DKIM.
    func mailer() throws -> Mailer {
        let (transport, description) = try transport()
        return Mailer(identity: try mailIdentity(), templates: try templates(), secret: try tokenSecret(), transport: transport,
                      transportDescription: description, signer: try dkimSigner())
    }

}

/// Sends the confirmation and welcome emails (the CLI's `subscribers add`/`confirm` and
/// `newsletter serve` alike), with everything read from disk once.
struct Mailer: Sendable {
    let identity: NewsletterIdentity
    let templates: DigestTemplates
    let secret: SymmetricKey
    let transport: any MailTransport
    /// Where the emails go, for messages to the user.
    let transportDescription: String
    let signer: DKIMSigner?

    /// Sends the confirmation email with a 7-day, one-use confirm token.
    func sendConfirmation(to subscriber: Subscriber, store: SQLiteSubscriberStore, now: Date) async throws {
        let token = SubscriberToken(purpose: .confirm, email: subscriber.email, expires: Int(now.timeIntervalSince1970) + 7 * 86_400).signed(with: secret)
        try await send(.confirm, to: subscriber, actionURL: identity.baseURL + "/confirm/" + token, now: now)
        try store.noteConfirmationSent(subscriber, now: now)
    }

    /// Sends the welcome email after a confirmation.
    func sendWelcome(to subscriber: Subscriber, now: Date) async throws {
        let token = SubscriberToken(purpose: .unsubscribe, email: subscriber.email, expires: nil).signed(with: secret)
        try await send(.welcome, to: subscriber, actionURL: identity.baseURL + "/unsubscribe/" + token, now: now)
    }

    private func send(_ kind: TransactionalEmail.Kind, to subscriber: Subscriber, actionURL: String, now: Date) async throws {
        let message = TransactionalEmail(identity: identity, templates: templates).message(
            kind, to: Recipient(email: subscriber.email, name: subscriber.name), actionURL: actionURL,
            envelope: .random(domain: identity.from.domain, date: now))
        var bytes = message.render()
        if let signer { bytes = try signer.sign(bytes, timestamp: Int(now.timeIntervalSince1970)) }
        try await transport.send(OutgoingMessage(sender: identity.from.address, recipients: [subscriber.email], data: bytes))
    }
}
