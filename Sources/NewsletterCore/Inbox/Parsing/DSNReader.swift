/// The recipients of RFC 3464 delivery status notifications in a message: every
/// `message/delivery-status` or `message/global-delivery-status` part, or DSN fields
/// pasted into a text part by MTAs that build the report by hand.
enum DSNReader {
    static let types: Set<String> = ["message/delivery-status", "message/global-delivery-status"]

    static func recipients(of message: MailPart) -> [ReportRecipient] {
        var statuses = message.allParts.filter { types.contains($0.contentType) }.map { DeliveryStatus(text: $0.text) }
        if statuses.allSatisfy({ $0.recipients.isEmpty }) {
            // Fields in a text part: start at the first per-message or recipient field.
            for part in message.allParts where part.parts.isEmpty && (part.contentType.hasPrefix("text/") || part.contentType.hasPrefix("multipart/")) {
                let text = "\n" + Unquote.text(part.readableText)
                let lower = ByteText(text, lowercase: true)
                guard let offset = lower.offset(of: "\nreporting-mta:") ?? lower.offset(of: "\nfinal-recipient:") ?? lower.offset(of: "\noriginal-recipient:") else { continue }
                let start = text.utf8.index(text.utf8.startIndex, offsetBy: offset + 1)
                let status = DeliveryStatus(text: String(text[start...]))
                if status.recipients.contains(where: { $0.fields["Status"] != nil || $0.fields["Action"] != nil }) {
                    statuses = [status]
                    break
                }
            }
        }
        // The human-readable part is read only when a recipient's fields need it.
        lazy var human = BounceText.humanText(of: message)
        lazy var blocks = BounceText.blocks(in: human)
        lazy var humanCommand = SMTPCommand.of(human)
        var out: [ReportRecipient] = []
        var seen = Set<String>()
        for status in statuses {
            for r in status.recipients {
                guard let email = r.finalRecipient ?? r.originalRecipient, seen.insert(email).inserted else { continue }
                var diagnostic = r.diagnostic.flatMap { OneLine.of($0) }
                var block: String?
                if diagnostic == nil || diagnostic!.count < 4 {
                    block = blocks.first { $0.address == email }?.text
                        ?? human.utf8Lines(omittingEmpty: true).first { ByteText($0, lowercase: true).contains(email) }.map(String.init)
                    diagnostic = block.flatMap { OneLine.of($0) } ?? diagnostic
                }
                // The remote server's own code is more precise than the one the reporting MTA chose.
                // Under a field that says nothing (`5.0.0`), the code the server's quoted reply
                // gives, else the first one in the text.
                let generic = r.status.map { $0.hasSuffix(".0.0") } ?? false
                var code = diagnostic.flatMap(generic ? { StatusCode.quoted($0) ?? StatusCode.first($0) } : StatusCode.best) ?? r.status
                if let c = code, c.first == "2", let field = r.status, field.first != "2" { code = field }
                var action = r.action.flatMap { $0.isEmpty ? nil : $0 }
                if action == "deliverable" { action = "delivered" }
                if action == nil || !["failed", "delayed", "delivered", "relayed", "expanded"].contains(action!) {
                    switch code?.first {
                    case "2": action = "delivered"
                    case "4": action = "delayed"
                    default: action = "failed"
                    }
                }
                let reply = diagnostic.flatMap(StatusCode.reply)
                let command = diagnostic.flatMap(SMTPCommand.of) ?? block.flatMap(SMTPCommand.of) ?? humanCommand
                var reason = BounceClassifier.reason(status: code, replyCode: reply, diagnostic: diagnostic, action: action, command: command?.rawValue)
                // "User unknown" under a DSN status that names no address problem (5.0.0, or a
                // mail system problem, 5.3.x), not in answer to RCPT TO, is
                // what content filters say to hide themselves; such a refusal is not proof.
                if reason == .userUnknown, command != .rcpt, let c = code, c == "5.0.0" || c.hasPrefix("5.3."),
                   !(diagnostic ?? "").lowercased().contains("address couldn't be found") { reason = .filtered }
                out.append(ReportRecipient(email: email, status: code, action: action,
                                           hard: action == "failed" && reason.isHard, diagnostic: diagnostic, reason: reason))
            }
        }
        return out
    }
}
