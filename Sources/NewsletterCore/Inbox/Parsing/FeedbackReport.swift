/// An abuse report from a feedback loop: RFC 5965 ARF (`multipart/report;
/// report-type=feedback-report` with a `message/feedback-report` part), and the older
/// Microsoft (JMRP) form, which encloses the message with `X-HmXmrOriginalRecipient`.
struct FeedbackReport {
    var type: String
    var recipients: [String]
    var originalMailFrom: String?
    var diagnostic: String?

    init?(message: MailPart, original: OriginalMessage?) {
        let reportPart = message.allParts.first { $0.contentType == "message/feedback-report" }
        let isARF = reportPart != nil || (message.contentType == "multipart/report" && message.parameters["report-type"]?.lowercased() == "feedback-report")
        let microsoft = original?.headers["X-HmXmrOriginalRecipient"]
        guard isARF || microsoft != nil else { return nil }
        let fields = reportPart.map { MailHeaders(lines: $0.text.utf8Lines()[...]) } ?? MailHeaders()
        type = fields["Feedback-Type"]?.lowercased().trimmedBlanks ?? "abuse"
        var recipients = fields.all("Original-Rcpt-To").compactMap { Addresses.first(in: $0) }
        if recipients.isEmpty { recipients = fields.all("Removal-Recipient").compactMap { Addresses.first(in: $0) } }
        if recipients.isEmpty, let microsoft { recipients = Addresses.all(in: microsoft) }
        if recipients.isEmpty, let to = original?.headers["To"] { recipients = Addresses.all(in: to) }
        self.recipients = ReportParser.unique(recipients)
        originalMailFrom = fields["Original-Mail-From"].flatMap { Addresses.first(in: $0) }
        let human = message.allParts.first { $0.contentType == "text/plain" && $0.parts.isEmpty }
        diagnostic = human.flatMap { OneLine.of($0.text, limit: 300) }
    }
}
