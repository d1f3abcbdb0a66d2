import Foundation

/// The confirmation (double opt-in) and welcome emails, from `confirm.*` and `welcome.*`.
public struct TransactionalEmail: Sendable {
    public enum Kind: String, Sendable {
        case confirm, welcome
    }

    public var identity: NewsletterIdentity
    public var templates: TemplateSet

    public init(identity: NewsletterIdentity, templates: TemplateSet) {
        self.identity = identity
        self.templates = templates
    }

    /// The email of `kind` for `recipient`, whose button goes to `actionURL` (confirm, or
    /// unsubscribe for the welcome email).
    public func message(_ kind: Kind, to recipient: Recipient, actionURL: String, envelope: DigestMessage.Envelope) -> EmailMessage {
        var context = EmailModel.Transactional(identity: identity, recipient: recipient, actionURL: actionURL)
        let subject = HeaderEncoding.sanitize(HTMLText.collapseWhitespace(templates.render(context, template: kind.rawValue + ".subject")))
        context.subject = subject
        var headers: [(name: String, value: HeaderValue)] = [
            ("From", .addresses([identity.from])),
            ("To", .addresses([EmailAddress(recipient.email, name: recipient.name)])),
            ("Subject", .text(subject)),
            ("Date", .raw(RFC5322Date.string(envelope.date))),
            ("Message-ID", .raw(envelope.messageID)),
            ("Auto-Submitted", .raw("auto-generated")),
        ]
        if let replyTo = identity.replyTo { headers.append(("Reply-To", .addresses([replyTo]))) }
        return EmailMessage(headers: headers, body: .multipart(subtype: "alternative", boundary: envelope.boundary, parts: [
            .text(subtype: "plain", content: TextWrapper.wrap(templates.render(context, template: kind.rawValue + ".txt"), width: 72)),
            .text(subtype: "html", content: templates.render(context, template: kind.rawValue + ".html")),
        ]))
    }
}
