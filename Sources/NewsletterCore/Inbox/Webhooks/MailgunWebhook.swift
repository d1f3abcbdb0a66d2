import Crypto
import Foundation

/// Mailgun's event webhook: `{"signature": {"timestamp", "token", "signature"},
/// "event-data": {…}}`, the signature the hex HMAC-SHA256 of timestamp + token with the
/// webhook signing key (Mailgun docs, "Securing Webhooks"). A token is good once.
public enum MailgunWebhook {
    public struct Verified: Sendable {
        /// Spend this once: a second request with it is a replay.
        public var token: String
        public var event: WebhookEvent?
    }

    public static func verify(body: Data, signingKey: String, now: Date) throws(WebhookError) -> Verified {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let signature = object["signature"] as? [String: Any] else {
            throw .unsigned("The Mailgun request has no signature object.")
        }
        let timestamp = (signature["timestamp"] as? String) ?? (signature["timestamp"] as? NSNumber)?.stringValue
        guard let timestamp, let token = signature["token"] as? String, let hex = signature["signature"] as? String else {
            throw .unsigned("The Mailgun request's signature lacks its timestamp, token or signature.")
        }
        let mac = HMAC<SHA256>.authenticationCode(for: Data((timestamp + token).utf8), using: SymmetricKey(data: Data(signingKey.utf8)))
        let expected = mac.lowercaseHex
        guard ConstantTime.equal(Array(expected.utf8), Array(hex.lowercased().utf8)) else {
            throw .forged("The Mailgun request's signature does not match the signing key.")
        }
        try WebhookTime.check(Double(timestamp), now: now.timeIntervalSince1970, provider: "Mailgun")
        let data = object["event-data"] as? [String: Any] ?? [:]
        return Verified(token: token, event: event(data))
    }

    /// The report an event stands for; nil for events that change nothing (delivered, opened…).
    static func event(_ data: [String: Any]) -> WebhookEvent? {
        guard let id = data["id"] as? String, let name = data["event"] as? String,
              let email = (data["recipient"] as? String).flatMap({ Addresses.first(in: $0) }) else { return nil }
        let message = (data["message"] as? [String: Any])?["headers"] as? [String: Any]
        let originals = (message?["message-id"] as? String).map(MessageIDs.all) ?? []
        let status = data["delivery-status"] as? [String: Any] ?? [:]
        let diagnostic = [status["message"] as? String, status["description"] as? String].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        var report = InboundReport(kind: .other, messageID: "mailgun:" + id, originalMessageIDs: originals)
        switch name {
        case "failed":
            let permanent = (data["severity"] as? String) == "permanent"
            let code = (status["code"] as? NSNumber)?.intValue
            let enhanced = (status["enhanced-code"] as? String) ?? StatusCode.best(diagnostic)
            let action = permanent ? "failed" : "delayed"
            let reason = BounceClassifier.reason(status: enhanced, replyCode: code, diagnostic: diagnostic, action: action)
            report.kind = permanent ? .bounce : .delay
            report.recipients = [ReportRecipient(email: email, status: enhanced, action: action, hard: permanent && reason.isHard,
                                                 diagnostic: diagnostic.isEmpty ? nil : diagnostic, reason: reason)]
        case "complained":
            report.kind = .complaint
            report.feedbackType = "abuse"
            report.recipients = [ReportRecipient.feedback(email)]
        case "unsubscribed":
            report.kind = .unsubscribe
            report.from = email
            report.recipients = [ReportRecipient.feedback(email)]
        default:
            return nil
        }
        return WebhookEvent(report: report, key: "mailgun:" + id)
    }
}
