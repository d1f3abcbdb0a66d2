import Foundation

/// Postmark's bounce, spam-complaint and subscription-change webhooks, protected by HTTP
/// Basic auth (any user name, the password `NEWSLETTER_POSTMARK_WEBHOOK_PASSWORD`).
public enum PostmarkWebhook {
    /// Postmark's bounce types that mean the address is gone (Postmark docs, "Bounce types").
    static let hardTypes: Set<String> = ["HardBounce", "BadEmailAddress", "ManuallyDeactivated", "AddressChange"]
    static let softTypes: Set<String> = ["SoftBounce", "Transient", "DnsError", "MailFrontier", "AutoResponder", "Blocked",
                                         "SMTPApiError", "InboxFull", "VirusNotification", "ChallengeVerification", "ContentRelated"]

    public static func verify(authorization: String?, password: String, body: Data) throws(WebhookError) -> WebhookEvent? {
        guard let authorization, authorization.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(authorization.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else {
            throw .unsigned("The Postmark request has no Basic credentials.")
        }
        guard ConstantTime.equal(Array(decoded[(colon + 1)...]), Array(password.utf8)) else {
            throw .forged("The Postmark request's password is not the webhook password.")
        }
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw .malformed("The Postmark request's body is not a JSON object.")
        }
        return event(object)
    }

    static func event(_ o: [String: Any]) -> WebhookEvent? {
        let id = (o["ID"] as? NSNumber)?.stringValue ?? (o["ID"] as? String) ?? (o["MessageID"] as? String).map { "message-" + $0 }
        let email = ((o["Email"] as? String) ?? (o["Recipient"] as? String)).flatMap { Addresses.first(in: $0) }
        guard let record = o["RecordType"] as? String, let id, let email else { return nil }
        var report = InboundReport(kind: .other, messageID: "postmark:" + record + ":" + id)
        if let message = o["MessageID"] as? String { report.originalMessageIDs = [message] }
        let diagnostic = [o["Description"] as? String, o["Details"] as? String].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        switch record {
        case "Bounce":
            let type = o["Type"] as? String ?? ""
            let hard = hardTypes.contains(type)
            guard hard || softTypes.contains(type) else { return nil }
            report.kind = .bounce
            // Postmark's type decides hard or soft; the words only name a soft reason.
            var reason = BounceReason.userUnknown
            if !hard {
                let read = BounceClassifier.reason(status: nil, replyCode: nil, diagnostic: diagnostic, action: "failed")
                reason = read.isHard ? .undefined : read
            }
            report.recipients = [ReportRecipient(email: email, status: StatusCode.best(diagnostic), action: "failed", hard: hard,
                                                 diagnostic: diagnostic.isEmpty ? type : diagnostic, reason: reason)]
        case "SpamComplaint":
            report.kind = .complaint
            report.feedbackType = "abuse"
            report.recipients = [ReportRecipient.feedback(email)]
        case "SubscriptionChange":
            guard o["SuppressSending"] as? Bool == true else { return nil }
            guard (o["SuppressionReason"] as? String) == "ManualSuppression" else { return nil }
            report.kind = .unsubscribe
            report.from = email
            report.recipients = [ReportRecipient.feedback(email)]
        default:
            return nil
        }
        return WebhookEvent(report: report, key: report.messageID!)
    }
}
