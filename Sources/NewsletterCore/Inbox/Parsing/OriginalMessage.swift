/// The message a report is about, as the report quotes it: an enclosed `message/rfc822`
/// (or `text/rfc822-headers`) part, or the copy an MTA appends after a line such as
/// "------ This is a copy of the message, including all the headers. ------".
struct OriginalMessage {
    var headers: MailHeaders

    init?(in message: MailPart) {
        for part in message.allParts.dropFirst()
        where ["message/rfc822", "message/global", "text/rfc822-headers", "message/rfc822-headers"].contains(part.contentType) {
            if let inner = part.parts.first, !inner.headers.isEmpty {
                headers = inner.headers
                return
            }
        }
        // A copy appended to the text of a bounce.
        let text = (message.parts.isEmpty ? message : (message.first("text/plain") ?? message)).readableText
        guard let range = BounceText.originalStart(in: text) else { return nil }
        let lines = text[range.upperBound...].utf8Lines()
        var start = lines.startIndex
        while start < lines.endIndex, lines[start].trimmedBlanks.isEmpty { start += 1 }
        var end = start
        while end < lines.endIndex, !lines[end].trimmedBlanks.isEmpty { end += 1 }
        // Indented copies ("   Message-ID: <…>") are read too.
        let unindented = lines[start..<end].map { line -> Substring in
            let trimmed = line.drop(while: { $0 == " " || $0 == ">" })
            return trimmed.first.map { _ in trimmed } ?? line
        }
        let fields = MailHeaders(lines: unindented[...])
        guard !fields.isEmpty else { return nil }
        headers = fields
    }
}
