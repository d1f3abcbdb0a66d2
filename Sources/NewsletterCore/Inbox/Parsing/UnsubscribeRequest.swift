/// A mailed unsubscribe request: what a mail client sends to the `mailto:` of
/// `List-Unsubscribe` (RFC 2369), the subject or first line saying "unsubscribe", often
/// with our token. Apple Mail's request says so in its body.
struct UnsubscribeRequest {
    var tokens: [String]
    var diagnostic: String?

    init?(message: MailPart) {
        let subject = (message.headers.decoded("Subject") ?? "").trimmedBlanks
        let body = (message.first("text/plain") ?? message).readableText
        let firstLine = body.utf8Lines(omittingEmpty: true).first.map { $0.trimmedBlanks } ?? ""
        let lowerSubject = subject.lowercased()
        let asks = lowerSubject.hasPrefix("unsubscribe") || lowerSubject.hasPrefix("remove") || lowerSubject == "stop"
            || firstLine.lowercased().hasPrefix("unsubscribe")
            || ByteText(body).contains("sent this email to unsubscribe")
        guard asks else { return nil }
        tokens = ReportParser.unique(UnsubscribeTokens.inWords(subject) + UnsubscribeTokens.inWords(firstLine) + UnsubscribeTokens.inLinks(body))
        diagnostic = OneLine.of(subject.isEmpty ? body : subject, limit: 300)
    }
}
