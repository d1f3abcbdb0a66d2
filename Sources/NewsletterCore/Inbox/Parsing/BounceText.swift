import Foundation

/// The plain-text bounces of MTAs that send no DSN (qmail, Exim, old Sendmail, many
/// providers): the failed addresses are the lines that start with one, each followed by
/// what the remote server said.
enum BounceText {
    struct Block {
        var address: String
        var text: String
    }

    /// A notice from a mailer daemon, by its sender or subject.
    static func looksLikeBounce(_ headers: MailHeaders) -> Bool {
        let from = (headers["From"] ?? "").lowercased()
        if ["mailer-daemon", "postmaster", "mail delivery", "mail.delivery", "mailerdaemon", "mdaemon"].contains(where: { from.contains($0) }) {
            return true
        }
        let subject = (headers.decoded("Subject") ?? "").lowercased()
        return subjectPhrases.contains { subject.contains($0) }
    }

    static let subjectPhrases = [
        "undeliver", "undelivered", "delivery status notification", "delivery failure", "failure notice",
        "returned mail", "mail delivery failed", "delivery failed", "could not be delivered", "non remis",
        "nondeliverable", "non-deliverable", "delivery notification", "warning: could not send", "mail system error",
        "rejected:", "delivery has failed", "mail failure", "failed delivery", "unzustellbar", "returned to sender",
    ]

    static let bodyPhrases = [
        "could not be delivered", "couldn't be delivered", "wasn't able to deliver", "was not able to deliver",
        "permanent error", "permanent fatal error", "delivery has failed", "delivery to the following recipient",
        "undeliverable", "the following address", "following recipient", "this is the qmail-send program",
        "mail delivery software", "unable to deliver", "delivery failed", "not be delivered", "has not yet been delivered",
        "delivery problem", "failed to deliver", "failed addresses follow", "no valid recipients", "user unknown", "message could not", "returned to sender",
    ]

    /// The separator before an appended copy of the original message.
    static func originalStart(in text: String) -> Range<String.Index>? {
        let markers = [
            "--- Below this line is a copy of the message", "------ This is a copy of the message",
            "------ This is a copy of your message", "----- Original message -----", "----- Original Message -----",
            "Original message follows", "----- Unsent message follows -----", "--- The header of the original message",
            "----- Message header follows -----", "------ The body of the message", "----- The header of the original message",
            "The original message was:", "Original message:", "--- Original message follows", "----- Transcript of session follows",
            "Below this line is a copy of the message", "----- Unsent message follows", "original message header:",
            "Content-Type: message/rfc822", "--- Message non remis", "Message text follows:",
        ]
        let lower = ByteText(text, lowercase: true)
        var best: Int?
        var bestLength = 0
        for marker in markers where !marker.hasPrefix("----- Transcript") {
            if let at = lower.offset(of: marker.lowercased()), best == nil || at < best! { best = at; bestLength = marker.utf8.count }
        }
        guard let best else { return nil }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: best)
        let markerEnd = utf8.index(start, offsetBy: bestLength)
        // from the end of the marker's line
        let lineEnd = text[markerEnd...].firstIndex(of: "\n") ?? text.endIndex
        return start..<lineEnd
    }

    /// The text a person would read: the first text part that is not an attachment, cut
    /// before the copy of the original message.
    static func humanText(of message: MailPart) -> String {
        let part: MailPart
        if message.parts.isEmpty {
            part = message
        } else if let text = message.allParts.first(where: { $0.parts.isEmpty && $0.contentType == "text/plain" && !DSNReader.types.contains($0.contentType) }) {
            part = text
        } else if let html = message.allParts.first(where: { $0.parts.isEmpty && $0.contentType == "text/html" }) {
            return HTMLText.plainText(html.text)
        } else {
            return ""
        }
        guard part.contentType.hasPrefix("text/") || part.contentType.hasPrefix("multipart/") else { return "" }
        var text = part.contentType == "text/html" ? HTMLText.plainText(part.text) : Unquote.text(part.text)
        if let cut = originalStart(in: text) { text = String(text[..<cut.lowerBound]) }
        return text
    }

    /// Lines that start with an address, each with the lines after it up to a blank line
    /// or the next address.
    static func blocks(in text: String) -> [Block] {
        var blocks: [Block] = []
        var current: Block?
        var extra = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmedBlanks
            if let (address, rest) = leadingAddress(line), address != current?.address {
                if let c = current { blocks.append(c) }
                current = Block(address: address, text: rest)
                extra = 0
                continue
            }
            guard current != nil else { continue }
            if line.isEmpty {
                if current!.text.trimmedBlanks.isEmpty, extra < 2 { extra += 1; continue }
                blocks.append(current!)
                current = nil
                continue
            }
            if extra < 12 {
                current!.text += (current!.text.isEmpty ? "" : "\n") + line
                extra += 1
            }
        }
        if let c = current { blocks.append(c) }
        return blocks
    }

    /// The address a line starts with (`addr`, `<addr>`, `"addr"`, `addr:`), and the rest
    /// of the line.
    static func leadingAddress(_ line: String) -> (String, String)? {
        var s = Substring(line)
        if s.hasPrefix("RCPT TO:") || s.hasPrefix("To:") { return nil }
        while let f = s.first, f == "<" || f == "\"" || f == "'" || f == "(" { s = s.dropFirst() }
        guard let at = s.firstIndex(of: "@"), s[..<at].allSatisfy({ !$0.isWhitespace && $0 != "<" && $0 != ">" && $0 != ":" && $0 != "," }),
              !s[..<at].isEmpty else { return nil }
        let end = s[at...].firstIndex(where: { $0.isWhitespace || $0 == ">" || $0 == "\"" || $0 == "'" || $0 == ")" || $0 == ":" || $0 == "," || $0 == ";" }) ?? s.endIndex
        var address = String(s[..<end]).lowercased()
        while address.hasSuffix(".") { address.removeLast() }
        guard address.split(separator: "@").count == 2, address.split(separator: "@")[1].contains(".") else { return nil }
        var rest = s[end...].drop(while: { $0 == ">" || $0 == "\"" || $0 == "'" || $0 == ")" || $0 == ":" || $0 == " " || $0 == "." || $0 == "," || $0 == ";" })
        if rest.hasPrefix("..") { rest = rest.drop(while: { $0 == "." || $0 == " " }) }
        return (address, String(rest))
    }

    /// An address named inside a line: a transcript's `RCPT TO:<addr>`, then a line that
    /// speaks of a recipient, a user or a mailbox ("Did not reach the following recipient: addr").
    static func mentioned(in text: String, excluding own: Set<String>) -> Block? {
        let lines = text.split(separator: "\n").map { String($0) }
        for (i, line) in lines.enumerated() {
            guard let r = line.range(of: "RCPT TO:", options: .caseInsensitive),
                  let address = Addresses.first(in: line[r.upperBound...]), !own.contains(address) else { continue }
            // The reply that refused it: the first 4xx or 5xx line after the command.
            let refusal = lines[i...].prefix(40).first { line in StatusCode.reply(line).map { $0 >= 400 } ?? false }
            return Block(address: address, text: refusal ?? line)
        }
        let words = ["recipient", "user", "mailbox", "deliver", "address", "account"]
        for line in lines {
            let lower = ByteText(line, lowercase: true)
            guard words.contains(where: { lower.contains($0) }),
                  let address = Addresses.all(in: line).first(where: { !own.contains($0) }) else { continue }
            return Block(address: address, text: line)
        }
        return nil
    }

    static let delayPhrases = ["has not yet been delivered", "will continue to try", "will keep trying", "still trying",
                               "delivery attempts will continue", "delayed", "will be retried", "will retry", "not yet been delivered"]
    static let finalPhrases = ["permanent", "given up", "gave up", "retry timeout exceeded", "could not be delivered", "failed"]

    static func recipients(of message: MailPart, original: OriginalMessage?) -> [ReportRecipient] {
        let text = humanText(of: message)
        let lower = ByteText(text, lowercase: true)
        // A mailer daemon's notice in no format we know, with no SMTP code, proves nothing.
        let knownWords = bodyPhrases.contains { lower.contains($0) }
        guard knownWords || looksLikeBounce(message.headers) && (StatusCode.first(text) != nil || StatusCode.reply(text) != nil) else { return [] }
        let own = Set(message.headers.all("From").flatMap { Addresses.all(in: $0) })
        var blocks = blocks(in: text).filter { !own.contains($0.address) }
        if let failed = message.headers["X-Failed-Recipients"] {
            let listed = Addresses.all(in: failed)
            if !listed.isEmpty, blocks.isEmpty || !blocks.contains(where: { listed.contains($0.address) }) && blocks.count != listed.count {
                blocks = listed.map { address in blocks.first { $0.address == address } ?? Block(address: address, text: blocks.first?.text ?? text) }
            }
        }
        if blocks.isEmpty, let found = mentioned(in: text, excluding: own) {
            blocks = [found]
        }
        if blocks.isEmpty {
            // No line names the address: the original's recipient, with the whole text.
            let addresses = original.map { Addresses.all(in: $0.headers["To"] ?? "") } ?? []
            guard addresses.count == 1 else { return [] }
            blocks = [Block(address: addresses[0], text: text)]
        }
        var seen = Set<String>()
        blocks = blocks.filter { seen.insert($0.address).inserted }
        let delay = delayPhrases.contains { lower.contains($0) } && !finalPhrases.contains { lower.contains($0) }
        return blocks.map { block in
            let diagnostic = OneLine.of(block.text.isEmpty ? text : block.text)
            let code = diagnostic.flatMap { StatusCode.all($0).first { $0.first != "2" } } ?? (block.text.isEmpty ? nil : StatusCode.first(text))
            let action = delay || code?.first == "4" && !finalPhrases.contains { lower.contains($0) } ? "delayed" : "failed"
            let reply = diagnostic.flatMap(StatusCode.reply)
            let command = SMTPCommand.of(block.text) ?? SMTPCommand.of(text)
            let reason = BounceClassifier.reason(status: code, replyCode: reply, diagnostic: diagnostic, action: action, command: command?.rawValue)
            return ReportRecipient(email: block.address, status: code, action: action,
                                   hard: action == "failed" && reason.isHard, diagnostic: diagnostic, reason: reason)
        }
    }
}
