/// The SMTP command a remote server refused, as bounce texts tell it: Postfix's "(in reply
/// to end of DATA command)", Exim's "after RCPT TO:", Sendmail's transcript (`>>> DATA`
/// then `<<< 550 …`).
enum SMTPCommand: String {
    case connect, helo, mail, rcpt, data

    static func of(_ text: String) -> SMTPCommand? {
        let lower = text.lowercased()
        let flat = ByteText(lower.split(whereSeparator: { $0 == "\n" || $0 == " " || $0 == "\t" }).joined(separator: " "))
        let phrases: [(String, SMTPCommand)] = [
            ("in reply to end of data", .data), ("after end of data", .data), ("in reply to data", .data),
            ("after data", .data), ("failed after i sent the message", .data), ("in reply to rcpt to", .rcpt), ("after rcpt to", .rcpt),
            ("in reply to mail from", .mail), ("after mail from", .mail), ("in reply to helo", .helo),
            ("in reply to ehlo", .helo), ("after helo", .helo), ("after ehlo", .helo), ("after initial connection", .connect),
        ]
        var best: (Int, SMTPCommand)?
        for (phrase, command) in phrases {
            if let at = flat.offset(of: phrase), best == nil || at < best!.0 { best = (at, command) }
        }
        if let best { return best.1 }
        // A Sendmail transcript: the last command sent before the first refusal.
        let lines = lower.split(separator: "\n")
        var last: SMTPCommand?
        for (i, line) in lines.enumerated() {
            let l = line.trimmedBlanks
            if l.hasPrefix(">>> ") {
                let verb = l.dropFirst(4)
                if verb.hasPrefix("data") || verb.hasPrefix(".") { last = .data }
                else if verb.hasPrefix("rcpt") { last = .rcpt }
                else if verb.hasPrefix("mail") { last = .mail }
                else if verb.hasPrefix("helo") || verb.hasPrefix("ehlo") { last = .helo }
            } else if l.hasPrefix("<<< 5") || l.hasPrefix("<<< 4") {
                // With pipelining, the refusals of RCPT arrive after DATA was sent: a second
                // reply after the first ("503 Valid RCPT command must precede DATA",
                // "554 no valid recipients") shows the refusal was of the recipient.
                if last == .data, lines[(i + 1)...].prefix(3).contains(where: { $0.hasPrefix("<<< ") }) { return .rcpt }
                return last
            }
        }
        return nil
    }
}
