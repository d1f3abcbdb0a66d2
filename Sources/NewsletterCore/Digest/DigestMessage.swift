import Crypto
import Foundation

/// Builds each subscriber's email of a rendered digest (SPEC "Every email"; RFC 2369,
/// RFC 2919, RFC 8058).
public struct DigestMessage: Sendable {
    public let identity: NewsletterIdentity
    public let rendered: RenderedDigest
    /// Fields that are the same in every copy, encoded once.
    private let fromField: String
    private let subjectField: String
    private let listIDField: String
    private let encodedText: EncodedTemplate
    private let encodedHTML: EncodedTemplate
    /// Field lines that are the same in every copy, as bytes: From, Subject and, after
    /// List-Unsubscribe, the rest of the header through MIME-Version.
    private let fromLine: [UInt8]
    private let subjectLine: [UInt8]
    private let closingLines: [UInt8]

    public init(identity: NewsletterIdentity, rendered: RenderedDigest) {
        self.identity = identity
        self.rendered = rendered
        fromField = HeaderEncoding.field("From", .addresses([identity.from]))
        subjectField = HeaderEncoding.field("Subject", .text(rendered.subject))
        listIDField = HeaderEncoding.field("List-Id", .text(identity.name + " <" + identity.listID + ">"))
        encodedText = EncodedTemplate(rendered.text)
        encodedHTML = EncodedTemplate(rendered.html)
        fromLine = Array((fromField + "\r\n").utf8)
        subjectLine = Array((subjectField + "\r\n").utf8)
        var closing = HeaderEncoding.field("List-Unsubscribe-Post", .raw("List-Unsubscribe=One-Click")) + "\r\n"
        if let replyTo = identity.replyTo { closing += HeaderEncoding.field("Reply-To", .addresses([replyTo])) + "\r\n" }
        if let feedback = identity.feedbackID { closing += HeaderEncoding.field("Feedback-ID", .raw(feedback)) + "\r\n" }
        closingLines = Array((closing + "MIME-Version: 1.0\r\n").utf8)
    }

    /// The per-message values that tests fix and production draws at random.
    public struct Envelope: Sendable {
        public var messageID: String
        public var boundary: String
        public var date: Date

        public init(messageID: String, boundary: String, date: Date) {
            self.messageID = messageID
            self.boundary = boundary
            self.date = date
        }

        /// A fresh random envelope for a message from `domain`.
        public static func random(domain: String, date: Date) -> Envelope {
            // 52 random bytes in one draw from BoringSSL's generator (the system's generator
            // would cost a getrandom(2) call per 64 bits, six per copy).
            let random = SymmetricKey(size: SymmetricKeySize(bitCount: 52 * 8))
            return random.withUnsafeBytes { bytes in
                // 36 symbols from 6 bits each (the slight bias is harmless here).
                func token(_ range: Range<Int>) -> String {
                    String(decoding: bytes[range].map { alphabet[Int($0 & 0x3F) % alphabet.count] }, as: UTF8.self)
                }
                return Envelope(messageID: "<\(token(0..<24))@\(domain)>", boundary: "=_nl_" + token(24..<52), date: date)
            }
        }

        private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
    }

    /// The one-click unsubscribe page for a token (RFC 8058).
    public func unsubscribeURL(token: String) -> String { identity.baseURL + "/unsubscribe/" + token }

    /// The person's preferences page.
    public func preferencesURL(token: String) -> String { identity.baseURL + "/preferences/" + token }

    /// What one copy fills in: the template slots and the List-Unsubscribe value (the
    /// one-click URL with the tag, and the mailto with the token).
    private func personal(_ recipient: Recipient, token: String, preferences: String, unsubscribeQuery: String)
        -> (values: [PersonalizedText.Slot: String], listUnsubscribe: String) {
        let unsubscribe = unsubscribeURL(token: token) + unsubscribeQuery
        let mailto = "mailto:\(identity.unsubscribeMailbox ?? identity.from.address)?subject=unsubscribe%20\(token)"
        return ([
            .greetingName: recipient.greetingName,
            .email: recipient.email,
            .unsubscribeURL: unsubscribe,
            .preferencesURL: preferencesURL(token: preferences),
        ], "<\(unsubscribe)>, <\(mailto)>")
    }

    /// The bytes of `message(for:…, preEncoded: true).render()`, written straight into one
    /// buffer: the fields every copy shares are encoded once, the bodies filled in place.
    /// This is the sending path; a test holds the two equal.
    public func bytes(for recipient: Recipient, token: String, preferences: String, envelope: Envelope, unsubscribeQuery: String = "") -> [UInt8] {
        let (values, listUnsubscribe) = personal(recipient, token: token, preferences: preferences, unsubscribeQuery: unsubscribeQuery)
        var out: [UInt8] = []
        out.reserveCapacity(encodedText.fixedCount + encodedHTML.fixedCount + closingLines.count + 3072)
        func line(_ text: String) {
            out += text.utf8
            out += [0x0D, 0x0A]
        }
        out += fromLine
        line(HeaderEncoding.field("To", .addresses([EmailAddress(recipient.email, name: recipient.name)])))
        out += subjectLine
        line(HeaderEncoding.field("Date", .raw(RFC5322Date.string(envelope.date))))
        line(HeaderEncoding.field("Message-ID", .raw(envelope.messageID)))
        line(listIDField)
        line(HeaderEncoding.field("List-Unsubscribe", .raw(listUnsubscribe)))
        out += closingLines
        line("Content-Type: multipart/alternative;")
        line(" boundary=\"\(envelope.boundary)\"")
        line("")
        for (subtype, template, html) in [("plain", encodedText, false), ("html", encodedHTML, true)] {
            line("--" + envelope.boundary)
            line("Content-Type: text/\(subtype); charset=utf-8")
            line("Content-Transfer-Encoding: quoted-printable")
            line("")
            template.fill(values, html: html, into: &out)
            out += [0x0D, 0x0A]
        }
        line("--" + envelope.boundary + "--")
        return out
    }

    /// The message for `recipient`, whose unsubscribe token is `token` and preferences
    /// token `preferences`.
    ///
    /// - Parameter preEncoded: build the bodies from lines encoded once (the sending path);
    ///   the bytes rendered are the same, only the parts hold encoded text.
    /// - Parameter unsubscribeQuery: the signed tag (`IssueTag.query`), kept on the
    ///   unsubscribe links so a report can say which issue the person left from.
    public func message(for recipient: Recipient, token: String, preferences: String, envelope: Envelope, preEncoded: Bool = false,
                        unsubscribeQuery: String = "") -> EmailMessage {
        let (values, listUnsubscribe) = personal(recipient, token: token, preferences: preferences, unsubscribeQuery: unsubscribeQuery)
        var headers: [(name: String, value: HeaderValue)] = [
            ("From", .encoded(fromField)),
            ("To", .addresses([EmailAddress(recipient.email, name: recipient.name)])),
            ("Subject", .encoded(subjectField)),
            ("Date", .raw(RFC5322Date.string(envelope.date))),
            ("Message-ID", .raw(envelope.messageID)),
            ("List-Id", .encoded(listIDField)),
            ("List-Unsubscribe", .raw(listUnsubscribe)),
            ("List-Unsubscribe-Post", .raw("List-Unsubscribe=One-Click")),
        ]
        if let replyTo = identity.replyTo { headers.append(("Reply-To", .addresses([replyTo]))) }
        if let feedback = identity.feedbackID { headers.append(("Feedback-ID", .raw(feedback))) }
        let parts: [MIMEPart] = preEncoded ? [
            .encodedText(subtype: "plain", quotedPrintable: encodedText.fill(values, html: false)),
            .encodedText(subtype: "html", quotedPrintable: encodedHTML.fill(values, html: true)),
        ] : [
            .text(subtype: "plain", content: rendered.text.fill(values, html: false)),
            .text(subtype: "html", content: rendered.html.fill(values, html: true)),
        ]
        let body = MIMEPart.multipart(subtype: "alternative", boundary: envelope.boundary, parts: parts)
        return EmailMessage(headers: headers, body: body)
    }
}
