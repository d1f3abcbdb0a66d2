/// The SMTP command a remote server refused, as bounce texts tell it: Postfix's "(in reply
/// to end of DATA command)", Exim's "after RCPT TO:", Sendmail's transcript (`>>> DATA`
/// then `<<< 550 …`).
enum SMTPCommand: String {
    case connect, helo, mail, rcpt, data

    static func of(_ text: String) -> SMTPCommand? {
        // The text's bytes lowercased, each run of white space one space.
        var flatBytes: [UInt8] = []
        flatBytes.reserveCapacity(text.utf8.count)
        var space = false
        for b in text.utf8 {
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D {
                if !space, !flatBytes.isEmpty { flatBytes.append(0x20) }
                space = true
            } else {
                flatBytes.append(b >= 65 && b <= 90 ? b | 0x20 : b)
                space = false
            }
        }
        let flat = ByteText(bytes: flatBytes)
        var best: (Int, SMTPCommand)?
        for (phrase, command) in phrases {
            if let at = flat.offset(of: phrase), best == nil || at < best!.0 { best = (at, command) }
        }
        if let best { return best.1 }
        // A Sendmail transcript: the last command sent before the first refusal.
        guard flat.contains(">>> ") else { return nil }
        let lines = ByteText(text, lowercase: true).bytes.split(separator: 0x0A)
        var last: SMTPCommand?
        for (i, raw) in lines.enumerated() {
            let l = raw.drop { $0 == 0x20 || $0 == 0x09 }
            if l.starts(with: ">>> ".utf8) {
                let verb = l.dropFirst(4)
                if verb.starts(with: "data".utf8) || verb.starts(with: ".".utf8) { last = .data }
                else if verb.starts(with: "rcpt".utf8) { last = .rcpt }
                else if verb.starts(with: "mail".utf8) { last = .mail }
                else if verb.starts(with: "helo".utf8) || verb.starts(with: "ehlo".utf8) { last = .helo }
            } else if l.starts(with: "<<< 5".utf8) || l.starts(with: "<<< 4".utf8) {
                // With pipelining, the refusals of RCPT arrive after DATA was sent: a second
                // reply after the first ("503 Valid RCPT command must precede DATA",
                // "554 no valid recipients") shows the refusal was of the recipient.
                if last == .data, lines[(i + 1)...].prefix(3).contains(where: { $0.starts(with: "<<< ".utf8) }) { return .rcpt }
                return last
            }
        }
        return nil
    }

    static let phrases: [(String, SMTPCommand)] = [
        ("in reply to end of data", .data), ("after end of data", .data), ("in reply to data", .data),
        ("after data", .data), ("failed after i sent the message", .data), ("in reply to rcpt to", .rcpt), ("after rcpt to", .rcpt),
        ("in reply to mail from", .mail), ("after mail from", .mail), ("in reply to helo", .helo),
        ("in reply to ehlo", .helo), ("after helo", .helo), ("after ehlo", .helo), ("after initial connection", .connect),
    ]
}
