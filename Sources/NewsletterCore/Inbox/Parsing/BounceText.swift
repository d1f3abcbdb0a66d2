import Foundation

/// The plain-text bounces of MTAs that send no DSN (qmail, Exim, old Sendmail, many
/// providers): the failed addresses are the lines that start with one, each followed by
/// what the remote server said.
enum BounceText {
    struct Block {
        var address: String
        var text: String
        /// The line before the address line, for a bare address (see `blocks(in:)`).
        var previous = ""
        /// The command the text shows was refused for this address, from a transcript.
        var command: SMTPCommand?
        /// The reporting server's own verdict: a phrase before the address ("Unknown user:
        /// addr"), or the sentence on the line before a bare address.
        var verdict = false
    }

    /// A notice from a mailer daemon, by its sender or subject.
    static func looksLikeBounce(_ headers: MailHeaders) -> Bool {
        let from = ByteText((headers["From"] ?? "").prefix(4096), lowercase: true)
        if ["mailer-daemon", "postmaster", "mail delivery", "mail.delivery", "mailerdaemon", "mdaemon"].contains(where: { from.contains($0) }) {
            return true
        }
        let subject = ByteText((headers.decoded("Subject") ?? "").prefix(4096).lowercased())
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
        "was not delivered to", "unable to deliver message to the following", "error has occurred while attempting to deliver",
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
            "Content-Type: message/rfc822", "--- Message non remis", "Message text follows:", "------- Returned Message",
            "Below is a copy of the original message",
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
            return HTMLText.plainText(html.readableText)
        } else {
            return ""
        }
        guard part.contentType.hasPrefix("text/") || part.contentType.hasPrefix("multipart/") else { return "" }
        var text = part.contentType == "text/html" ? HTMLText.plainText(part.readableText) : Unquote.text(part.readableText)
        if let cut = originalStart(in: text) { text = String(text[..<cut.lowerBound]) }
        return text
    }

    /// The failed recipients a text lists, each with the words that explain it. A
    /// recipient line is one of the shapes bounces share:
    /// - the address first (`addr`, `<addr>:`, `"addr"`, `addr: 550 5.1.1 …`), the
    ///   explanation on the rest of the line or on the lines after it, up to a blank line
    ///   (past the blank after a line that ends in a colon: "because:");
    /// - a reply code first, Sendmail's `550 <addr>... User unknown`: the whole line explains;
    /// - a failure phrase, a colon, the address last (`Unknown user: addr`,
    ///   `undeliverable to addr`): the phrase explains.
    /// An address line with nothing after it is explained by the line before it, when that
    /// line is a sentence and not a heading ("User not listed in … Address Book").
    static func blocks(in text: String) -> [Block] {
        var blocks: [Block] = []
        var current: Block?
        var extra = 0
        var previous = ""
        var pastColon = false
        func close() {
            guard var c = current else { return }
            if c.text.trimmedBlanks.isEmpty, explains(previous: c.previous) { c.text = c.previous; c.verdict = true }
            if let i = blocks.firstIndex(where: { $0.address == c.address }) {
                if blocks[i].text.isEmpty { blocks[i].text = c.text }
            } else {
                blocks.append(c)
            }
            current = nil
        }
        for raw in text.utf8Lines() {
            let line = raw.trimmedBlanks
            defer { if !line.isEmpty { previous = line } }
            if let (address, rest) = recipientLine(line), address != current?.address {
                close()
                current = Block(address: address, text: rest, previous: previous)
                current!.verdict = leadingAddress(line) == nil && !(line.first?.isNumber ?? false)
                extra = 0
                pastColon = false
                continue
            }
            guard current != nil else { continue }
            if line.isEmpty {
                if current!.text.trimmedBlanks.isEmpty, extra < 2 { extra += 1; continue }
                if current!.text.hasSuffix(":"), !pastColon { pastColon = true; continue }
                close()
                continue
            }
            if extra < 12 {
                current!.text += (current!.text.isEmpty ? "" : "\n") + line
                extra += 1
            }
        }
        close()
        return blocks.map { Block(address: $0.address, text: $0.text, verdict: $0.verdict) }
    }

    /// Whether the line before a bare address line says what went wrong with it: a
    /// sentence, not a heading, a separator or another address.
    static func explains(previous line: String) -> Bool {
        guard line.count > 8, !line.hasSuffix(":"), !line.hasPrefix("-"), !line.hasPrefix("="), !line.hasPrefix("*"),
              leadingAddress(line) == nil else { return false }
        let lower = ByteText(line, lowercase: true)
        return BounceClassifier.reason(text: String(decoding: lower.bytes, as: UTF8.self)) != nil
    }

    /// The address and its explanation, when `line` is a recipient line of one of the
    /// three shapes (see `blocks(in:)`).
    static func recipientLine(_ line: String) -> (String, String)? {
        if let found = leadingAddress(line) { return found }
        let utf8 = Array(line.utf8.prefix(12))
        // "550 <addr>... User unknown", "550-5.1.1 <addr>: …" (not a transcript's "<<< 550").
        if utf8.count > 4, (utf8[0] == 0x34 || utf8[0] == 0x35), utf8[1] >= 0x30, utf8[1] <= 0x39, utf8[2] >= 0x30, utf8[2] <= 0x39,
           utf8[3] == 0x20 || utf8[3] == 0x2D {
            var rest = line.dropFirst(4).drop(while: { $0 == " " })
            if let code = StatusCode.first(String(rest.prefix(12))), rest.hasPrefix(code) { rest = rest.dropFirst(code.count).drop(while: { $0 == " " }) }
            // Sendmail's form, the address then "...": not a reply quoted inside a block.
            if let (address, _) = leadingAddress(String(rest)), rest.contains("..."), !rest.contains("From:") { return (address, line) }
            return nil
        }
        return trailingAddress(line)
    }

    /// "Unknown user: addr", "Delivery failed 3 attempts: addr", "undeliverable to addr":
    /// a short failure phrase, then the address, and nothing after it.
    static func trailingAddress(_ line: String) -> (String, String)? {
        guard line.count < 200, let at = line.lastIndex(of: "@") else { return nil }
        let start = line[..<at].lastIndex(where: { $0 == " " || $0 == "<" || $0 == ":" || $0 == "\t" }).map { line.index(after: $0) } ?? line.startIndex
        guard start > line.startIndex, let (address, rest) = leadingAddress(String(line[start...])), rest.isEmpty else { return nil }
        var phrase = line[..<start].trimmedBlanks
        while let last = phrase.last, last == "<" || last == ":" || last == " " { phrase.removeLast() }
        let lower = phrase.lowercased()
        guard !phrase.isEmpty, phrase.split(separator: " ").count <= 6, !lower.contains("@"),
              !headerNames.contains(where: { lower == $0 || lower.hasPrefix($0 + ":") }),
              failureWords.contains(where: { lower.contains($0) }) else { return nil }
        return (address, phrase)
    }

    static let headerNames = ["to", "from", "cc", "bcc", "reply-to", "sender", "return-path", "delivered-to", "original-recipient",
                              "final-recipient", "x-failed-recipients", "envelope-to", "hello", "hi", "dear"]
    static let failureWords = ["unknown", "undeliverable", "invalid", "fail", "not ", "no such", "reject", "error", "unable",
                               "full", "exceed", "disabled", "refused", "denied", "bad ", "illegal"]

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

    /// A session transcript's refusals: for each address sent in `RCPT TO:`, the first
    /// 4xx or 5xx reply after the command (Sendmail's `>>> RCPT To:<addr>` then
    /// `<<< 550 …`, or any MTA that quotes the dialogue).
    static func transcript(in lines: [Substring]) -> [(address: String, refusal: String)] {
        var out: [(String, String)] = []
        for (i, line) in lines.enumerated() {
            guard ByteText(line.prefix(40), lowercase: true).contains("rcpt to:"),
                  let r = line.range(of: "RCPT TO:", options: .caseInsensitive),
                  let address = Addresses.first(in: line[r.upperBound...]),
                  !out.contains(where: { $0.0 == address }) else { continue }
            let after = lines[(i + 1)...].prefix(40)
            // Stop at the next command: its reply is not this one's.
            let window = after.prefix { !$0.trimmedBlanks.hasPrefix(">>>") || $0 == after.first }
            if let refusal = window.first(where: { l in StatusCode.reply(String(l)).map { $0 >= 400 } ?? false }) {
                out.append((address, String(refusal.trimmedBlanks)))
            }
        }
        return out
    }

    /// An address named inside a line that speaks of a recipient, a user or a mailbox
    /// ("Did not reach the following recipient: addr").
    static func mentioned(in lines: [Substring], excluding own: Set<String>) -> Block? {
        let words = ["recipient", "user", "mailbox", "deliver", "address", "account"]
        for line in lines {
            let lower = ByteText(line, lowercase: true)
            guard words.contains(where: { lower.contains($0) }),
                  let address = Addresses.all(in: line).first(where: { !own.contains($0) }) else { continue }
            return Block(address: address, text: String(line))
        }
        return nil
    }

    static let deliveredPhrases = ["has been delivered to the following", "was delivered to the following", "successfully delivered",
                                   "delivery to the following recipients succeeded", "delivery to these recipients or groups is complete",
                                   "was successfully relayed", "delivered successfully"]
    static let failurePhrases = ["fail", "could not", "couldn't", "undeliverable", "unable to", "not be delivered", "rejected",
                                 "unknown", "error", "not delivered", "wasn't delivered"]

    static let delayPhrases = ["has not yet been delivered", "will continue to try", "will keep trying", "still trying",
                               "delivery attempts will continue", "delayed", "will be retried", "will retry", "not yet been delivered"]
    static let finalPhrases = ["permanent", "given up", "gave up", "retry timeout exceeded", "could not be delivered", "failed"]

    static func recipients(of message: MailPart, original: OriginalMessage?) -> [ReportRecipient] {
        let text = humanText(of: message)
        let lower = ByteText(text, lowercase: true)
        let own = Set(message.headers.all("From").flatMap { Addresses.all(in: $0) })
        let failedHeader = message.headers["X-Failed-Recipients"].map { Addresses.all(in: $0) } ?? []
        var blocks = blocks(in: text).filter { !own.contains($0.address) }
        // Evidence that this is a bounce: its words, or a mailer daemon's notice (by sender
        // or subject) that names failed recipients in a header, in recipient lines, or
        // with an SMTP code. A notice with none of these proves nothing.
        let knownWords = bodyPhrases.contains { lower.contains($0) }
        let daemon = looksLikeBounce(message.headers)
        guard knownWords || daemon && (!failedHeader.isEmpty || blocks.contains { !$0.text.isEmpty }
            || StatusCode.first(text) != nil || StatusCode.reply(text) != nil) else { return [] }
        // A notice of delivery ("Delivered: …", "has been delivered to the following
        // recipients") that names no failure is not a bounce.
        let delivered = deliveredPhrases.contains { lower.contains($0) }
            || ByteText((message.headers.decoded("Subject") ?? "").prefix(20), lowercase: true).bytes.starts(with: "delivered:".utf8)
        if delivered, failedHeader.isEmpty, !failurePhrases.contains(where: { lower.contains($0) }),
           !StatusCode.all(text).contains(where: { $0.first != "2" }) { return [] }
        if !failedHeader.isEmpty, blocks.isEmpty || !blocks.contains(where: { failedHeader.contains($0.address) }) && blocks.count != failedHeader.count {
            blocks = failedHeader.map { address in blocks.first { $0.address == address } ?? Block(address: address, text: blocks.first?.text ?? "") }
        }
        let lines = text.utf8Lines(omittingEmpty: true)
        let refusals = transcript(in: lines).filter { !own.contains($0.address) }
        if blocks.isEmpty, !refusals.isEmpty {
            blocks = refusals.map { Block(address: $0.address, text: $0.refusal) }
        }
        if blocks.isEmpty, let found = mentioned(in: lines, excluding: own) {
            blocks = [found]
        }
        if blocks.isEmpty {
            // No line names the address: the original's recipient, with the whole text.
            let addresses = original.map { Addresses.all(in: $0.headers["To"] ?? "") } ?? []
            guard addresses.count == 1 else { return [] }
            blocks = [Block(address: addresses[0], text: "")]
        }
        // The remote server's reply in a transcript explains its address better than the
        // summary line an MTA wrote ("550 <addr>... Service unavailable").
        for (i, block) in blocks.enumerated() {
            if let refusal = refusals.first(where: { $0.address == block.address }) {
                blocks[i].text = refusal.refusal
                blocks[i].command = .rcpt
            }
        }
        var seen = Set<String>()
        blocks = blocks.filter { seen.insert($0.address).inserted }
        let delay = delayPhrases.contains { lower.contains($0) } && !finalPhrases.contains { lower.contains($0) }
        let final = finalPhrases.contains { lower.contains($0) }
        let wholeCommand = SMTPCommand.of(text)
        return blocks.map { block in
            let own = !block.text.trimmedBlanks.isEmpty
            let diagnostic = OneLine.of(own ? block.text : text)
            // The text's one code speaks for its one recipient, not for each of several.
            var code = diagnostic.flatMap { StatusCode.all($0).first { $0.first != "2" } }
            if code == nil, own, blocks.count == 1 { code = StatusCode.first(text) }
            let action = delay || code?.first == "4" && !final ? "delayed" : "failed"
            let reply = diagnostic.flatMap(StatusCode.reply)
            let command = block.command ?? (own ? SMTPCommand.of(block.text) : nil) ?? wholeCommand
            var reason = BounceClassifier.reason(status: code, replyCode: reply, diagnostic: diagnostic, action: action, command: command?.rawValue)
            // Words of an unknown user with no code and no stage prove nothing about the
            // address: they may answer the message's content. The reporting server's own
            // verdict on a recipient line ("Unknown user: addr") or its directory does.
            if reason == .userUnknown, code == nil, reply == nil, command == nil, !block.verdict,
               !ByteText(diagnostic ?? "", lowercase: true).contains("not listed in") {
                reason = .filtered
            }
            // Failed recipients a daemon names only in a header, with no reply at all: its
            // own system refused the message (a group that takes no posts from the sender).
            if reason == .undefined, code == nil, reply == nil, failedHeader.contains(block.address) { reason = .rejected }
            return ReportRecipient(email: block.address, status: code, action: action,
                                   hard: action == "failed" && reason.isHard, diagnostic: diagnostic, reason: reason)
        }
    }
}
