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

    /// Sends the confirmation email with a 7-day, one-use confirm token.
    func sendConfirmation(to subscriber: Subscriber, store: SQLiteSubscriberStore) async throws -> String {
        let identity = try mailIdentity()
        let token = SubscriberToken(purpose: .confirm, email: subscriber.email, expires: Int(now.timeIntervalSince1970) + 7 * 86_400)
            .signed(with: try tokenSecret())
        let message = TransactionalEmail(identity: identity, templates: try templates()).message(
            .confirm, to: Recipient(email: subscriber.email, name: subscriber.name), actionURL: identity.baseURL + "/confirm/" + token,
            envelope: .random(domain: identity.from.domain, date: now))
        let (transport, description) = try transport()
        try await transport.send(OutgoingMessage(sender: identity.from.address, recipients: [subscriber.email], data: try signed(message.render())))
        try store.noteConfirmationSent(subscriber, now: now)
        return description
    }

    /// Sends the welcome email after a confirmation.
    func sendWelcome(to subscriber: Subscriber) async throws {
        let identity = try mailIdentity()
        let token = SubscriberToken(purpose: .unsubscribe, email: subscriber.email, expires: nil).signed(with: try tokenSecret())
        let message = TransactionalEmail(identity: identity, templates: try templates()).message(
            .welcome, to: Recipient(email: subscriber.email, name: subscriber.name), actionURL: identity.baseURL + "/unsubscribe/" + token,
            envelope: .random(domain: identity.from.domain, date: now))
        try await transport().0.send(OutgoingMessage(sender: identity.from.address, recipients: [subscriber.email], data: try signed(message.render())))
    }

    /// The message signed when DKIM is configured.
    func signed(_ bytes: [UInt8]) throws -> [UInt8] {
        guard let signer = try dkimSigner() else { return bytes }
        return try signer.sign(bytes, timestamp: Int(now.timeIntervalSince1970))
    }
}
