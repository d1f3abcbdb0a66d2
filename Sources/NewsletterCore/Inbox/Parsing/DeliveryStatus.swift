/// The fields of a `message/delivery-status` (RFC 3464 §2) or
/// `message/global-delivery-status` (RFC 6533) body: one per-message group, then one group
/// per recipient. Groups are found by their blank lines and, in the many reports that
/// leave those out, by a second `Final-Recipient`.
struct DeliveryStatus {
    struct Recipient {
        var fields: MailHeaders
        var finalRecipient: String? { DeliveryStatus.address(fields["Final-Recipient"]) }
        var originalRecipient: String? { DeliveryStatus.address(fields["Original-Recipient"]) }
        var action: String? {
            fields["Action"].map { $0.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ";" }).first.map { $0.lowercased() } ?? "" }
        }
        var status: String? { fields["Status"].flatMap(StatusCode.first) }
        var diagnostic: String? {
            guard let d = fields["Diagnostic-Code"] else { return nil }
            // "smtp; 550 5.1.1 …": the type before the semicolon is not the text.
            if let semi = d.firstIndex(of: ";"), d[..<semi].allSatisfy({ $0.isLetter || $0 == "-" }) {
                return d[d.index(after: semi)...].trimmedBlanks
            }
            return d
        }
    }

    var message: MailHeaders
    var recipients: [Recipient]

    init(text: String) {
        let lines = text.utf8Lines()
        var groups: [[Substring]] = [[]]
        var seenRecipientField = false
        for line in lines {
            if line.trimmedBlanks.isEmpty {
                if !(groups.last?.isEmpty ?? true) { groups.append([]) }
                seenRecipientField = false
                continue
            }
            let lower = line.lowercased()
            let startsRecipient = lower.hasPrefix("final-recipient:") || lower.hasPrefix("original-recipient:")
            if startsRecipient {
                if seenRecipientField && groups.last!.contains(where: { $0.lowercased().hasPrefix(lower.hasPrefix("final") ? "final-recipient:" : "original-recipient:") }) {
                    groups.append([])
                } else if !seenRecipientField && !(groups.last?.isEmpty ?? true) && groups.count == 1 {
                    // per-message fields ran into the first recipient without a blank line
                    groups.append([])
                }
                seenRecipientField = true
            }
            groups[groups.count - 1].append(line)
        }
        groups.removeAll { $0.isEmpty }
        var message = MailHeaders()
        var recipients: [Recipient] = []
        for group in groups {
            let fields = MailHeaders(lines: group[...])
            if fields["Final-Recipient"] != nil || fields["Original-Recipient"] != nil {
                recipients.append(Recipient(fields: fields))
            } else if recipients.isEmpty {
                message = MailHeaders(message.fields + fields.fields)
            } else if let last = recipients.indices.last {
                // fields after a recipient's group but before the next one belong to it
                recipients[last].fields = MailHeaders(recipients[last].fields.fields + fields.fields)
            }
        }
        self.message = message
        self.recipients = recipients
    }

    /// The address of an `rfc822; addr` (or `utf-8; addr`) field.
    static func address(_ field: String?) -> String? {
        guard var s = field?.trimmedBlanks, !s.isEmpty else { return nil }
        if let semi = s.firstIndex(of: ";") { s = String(s[s.index(after: semi)...]) }
        return Addresses.first(in: s)
    }
}
