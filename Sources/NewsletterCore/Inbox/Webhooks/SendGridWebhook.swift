import Crypto
import Foundation

/// SendGrid's signed event webhook: an ECDSA P-256 signature (base64 DER) of the
/// `X-Twilio-Email-Event-Webhook-Timestamp` value followed by the raw body, verified with
/// the public key SendGrid shows (base64 DER), and a JSON array of events.
public enum SendGridWebhook {
    public static let signatureHeader = "X-Twilio-Email-Event-Webhook-Signature"
    public static let timestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp"

    public static func verify(body: Data, signature: String?, timestamp: String?, publicKey: String, now: Date) throws(WebhookError) -> [WebhookEvent] {
        guard let signature, let timestamp, let signatureData = Data(base64Encoded: signature) else {
            throw .unsigned("The SendGrid request has no signature or timestamp header.")
        }
        guard let keyData = Data(base64Encoded: publicKey.trimmingCharacters(in: .whitespacesAndNewlines)),
              let key = try? P256.Signing.PublicKey(derRepresentation: keyData) else {
            throw .unsigned("NEWSLETTER_SENDGRID_WEBHOOK_KEY is not a base64 DER P-256 public key.")
        }
        guard let ecdsa = try? P256.Signing.ECDSASignature(derRepresentation: signatureData),
              key.isValidSignature(ecdsa, for: Data(timestamp.utf8) + body) else {
            throw .forged("The SendGrid request's signature does not verify with the webhook key.")
        }
        try WebhookTime.check(Double(timestamp), now: now.timeIntervalSince1970, provider: "SendGrid")
        guard let events = try? JSONSerialization.jsonObject(with: body) as? [[String: Any]] else {
            throw .malformed("The SendGrid request's body is not a JSON array of events.")
        }
        return events.compactMap(event)
    }

    static func event(_ e: [String: Any]) -> WebhookEvent? {
        guard let id = e["sg_event_id"] as? String, let name = e["event"] as? String,
              let email = (e["email"] as? String).flatMap({ Addresses.first(in: $0) }) else { return nil }
        var report = InboundReport(kind: .other, messageID: "sendgrid:" + id)
        report.originalMessageIDs = [(e["smtp-id"] as? String).flatMap(MessageIDs.first), e["sg_message_id"] as? String].compactMap { $0 }
        let diagnostic = (e["reason"] as? String) ?? (e["response"] as? String)
        switch name {
        case "bounce", "dropped":
            // "blocked" bounces are refusals of the sender, not of the address.
            let status = (e["status"] as? String).flatMap(StatusCode.first) ?? diagnostic.flatMap(StatusCode.best)
            var reason = BounceClassifier.reason(status: status, replyCode: diagnostic.flatMap(StatusCode.reply), diagnostic: diagnostic, action: "failed")
            if (e["type"] as? String) == "blocked", reason.isHard { reason = .blocked }
            report.kind = .bounce
            report.recipients = [ReportRecipient(email: email, status: status, action: "failed", hard: reason.isHard, diagnostic: diagnostic, reason: reason)]
        case "deferred":
            report.kind = .delay
            report.recipients = [ReportRecipient(email: email, status: nil, action: "delayed", hard: false, diagnostic: diagnostic, reason: .expired)]
        case "spamreport":
            report.kind = .complaint
            report.feedbackType = "abuse"
            report.recipients = [ReportRecipient.feedback(email)]
        case "unsubscribe", "group_unsubscribe":
            report.kind = .unsubscribe
            report.from = email
            report.recipients = [ReportRecipient.feedback(email)]
        default:
            return nil
        }
        return WebhookEvent(report: report, key: "sendgrid:" + id)
    }
}
