import Foundation

/// Reads one received message and says what it is: a bounce, a delay, a complaint, a
/// mailed unsubscribe request, an automatic reply, or something else, with the recipients
/// it speaks of and what attributes it to a subscriber. Pure: bytes in, a report out.
///
/// Reads RFC 3464 DSNs (`multipart/report; report-type=delivery-status`, also RFC 6533's
/// `message/global-delivery-status`), RFC 5965 ARF feedback reports, Amazon SES
/// notifications mailed through SNS, RFC 3834 automatic replies, and the plain-text bounce
/// formats of MTAs that send no DSN (qmail, Exim, old Sendmail and others); any charset and
/// transfer encoding, CRLF, LF or CR line ends.
public enum ReportParser {
    public static func parse(_ bytes: some Collection<UInt8>) -> InboundReport {
        let message = MailPart.parse(bytes)
        return parse(message)
    }

    public static func parse(_ message: MailPart) -> InboundReport {
        let headers = message.headers
        var report = InboundReport(kind: .other)
        report.messageID = headers["Message-ID"].flatMap(MessageIDs.first)
        report.from = headers.decoded("From").flatMap { Addresses.first(in: $0) }
        report.subject = headers.decoded("Subject")
        for name in ["To", "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "X-Delivered-To", "Cc"] {
            for value in headers.all(name) { report.envelopeAddresses += Addresses.all(in: value) }
        }
        let original = OriginalMessage(in: message)
        if let original {
            report.originalMessageIDs += original.headers["Message-ID"].flatMap(MessageIDs.first).map { [$0] } ?? []
            if let returnPath = original.headers["Return-Path"] { report.envelopeAddresses += Addresses.all(in: returnPath) }
            report.unsubscribeTokens += original.headers.all("List-Unsubscribe").flatMap(UnsubscribeTokens.inLinks)
        }
        for name in ["In-Reply-To", "References"] {
            if let value = headers[name] { report.originalMessageIDs += MessageIDs.all(value) }
        }
        report.envelopeAddresses = unique(report.envelopeAddresses)
        report.originalMessageIDs = unique(report.originalMessageIDs)

        if let feedback = FeedbackReport(message: message, original: original) {
            report.kind = .complaint
            report.feedbackType = feedback.type
            report.recipients = feedback.recipients.map {
                ReportRecipient.feedback($0, diagnostic: feedback.diagnostic)
            }
            if let mailFrom = feedback.originalMailFrom { report.envelopeAddresses = unique(report.envelopeAddresses + [mailFrom]) }
            return report
        }
        if let ses = SESNotification.find(in: message) {
            report.kind = ses.kind
            report.recipients = ses.recipients
            report.feedbackType = ses.feedbackType
            report.originalMessageIDs = unique(report.originalMessageIDs + ses.originalMessageIDs)
            return report
        }
        var recipients = DSNReader.recipients(of: message)
        if recipients.isEmpty, !AutoReply.isAutoReply(headers) || BounceText.looksLikeBounce(headers) {
            recipients = BounceText.recipients(of: message, original: original)
        }
        if !recipients.isEmpty {
            report.recipients = recipients
            if recipients.contains(where: { $0.action == "failed" }) {
                report.kind = .bounce
            } else if recipients.contains(where: { $0.action == "delayed" }) {
                report.kind = .delay
            } else {
                report.kind = .other
            }
            return report
        }
        if let request = UnsubscribeRequest(message: message) {
            report.kind = .unsubscribe
            report.unsubscribeTokens = unique(request.tokens + report.unsubscribeTokens)
            if let from = report.from {
                report.recipients = [ReportRecipient.feedback(from, diagnostic: request.diagnostic)]
            }
            return report
        }
        if AutoReply.isAutoReply(headers) {
            report.kind = .autoreply
            if let from = report.from {
                let body = message.first("text/plain")?.readableText ?? message.readableText
                report.recipients = [ReportRecipient(email: from, status: nil, action: nil, hard: false,
                                                     diagnostic: OneLine.of(body, limit: 300), reason: .vacation)]
            }
        }
        return report
    }

    static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}

/// Message-IDs (RFC 5322 §3.6.4) in a field, without angle brackets.
enum MessageIDs {
    static func first(_ value: String) -> String? { all(value).first }

    static func all(_ value: String) -> [String] {
        var out: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let id = rest[rest.index(after: open)..<close].trimmedBlanks
            if id.contains("@") { out.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        if out.isEmpty {
            let bare = value.trimmedBlanks
            if bare.contains("@"), !bare.contains(" ") { out.append(bare) }
        }
        return out
    }
}

/// Text made one line, trimmed and cut to a length.
enum OneLine {
    static func of(_ text: String, limit: Int = 1000) -> String? {
        let joined = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\t" })
            .map { $0.trimmedBlanks }.filter { !$0.isEmpty }.joined(separator: " ")
        guard !joined.isEmpty else { return nil }
        return joined.count > limit ? String(joined.prefix(limit)) : joined
    }
}
