import Foundation

/// An Amazon SES notification (`notificationType` or, for event publishing, `eventType`:
/// `Bounce`, `Complaint`, `Delivery`), as SNS delivers it by email or to a webhook.
/// Shapes: Amazon SES Developer Guide, "Contents of notifications for Amazon SES".
public struct SESNotification: Sendable, Equatable {
    public var kind: ReportKind
    public var recipients: [ReportRecipient]
    public var feedbackType: String?
    /// The SES message id and the Message-ID header of the mail the event is about.
    public var originalMessageIDs: [String]
    /// What makes this event unique (the feedback id), for replay protection.
    public var eventID: String?

    /// Reads the JSON object of a notification; nil when it is not one.
    public init?(json: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else { return nil }
        self.init(object: object)
    }

    init?(object envelope: [String: Any]) {
        var object = envelope
        // An SNS envelope (`"Type": "Notification"`) carries the SES JSON as its `Message`.
        if envelope["Type"] as? String == "Notification", let inner = envelope["Message"] as? String,
           let innerObject = try? JSONSerialization.jsonObject(with: Data(inner.utf8)) as? [String: Any] {
            object = innerObject
        }
        guard let type = (object["notificationType"] ?? object["eventType"]) as? String else { return nil }
        var ids: [String] = []
        if let mail = object["mail"] as? [String: Any] {
            if let id = mail["messageId"] as? String { ids.append(id) }
            if let common = mail["commonHeaders"] as? [String: Any], let id = common["messageId"] as? String { ids += MessageIDs.all(id) }
            for header in mail["headers"] as? [[String: Any]] ?? [] where (header["name"] as? String)?.lowercased() == "message-id" {
                ids += (header["value"] as? String).map(MessageIDs.all) ?? []
            }
        }
        originalMessageIDs = ReportParser.unique(ids)
        feedbackType = nil
        switch type.lowercased() {
        case "bounce":
            let bounce = object["bounce"] as? [String: Any] ?? [:]
            let permanent = (bounce["bounceType"] as? String) == "Permanent"
            let subType = bounce["bounceSubType"] as? String
            eventID = bounce["feedbackId"] as? String
            recipients = (bounce["bouncedRecipients"] as? [[String: Any]] ?? []).compactMap { r in
                guard let email = (r["emailAddress"] as? String).flatMap({ Addresses.first(in: $0) }) else { return nil }
                let diagnostic = (r["diagnosticCode"] as? String).map { d -> String in
                    if let semi = d.firstIndex(of: ";"), d[..<semi].allSatisfy({ $0.isLetter }) { return d[d.index(after: semi)...].trimmingCharacters(in: .whitespaces) }
                    return d
                }
                let status = (r["status"] as? String).flatMap(StatusCode.first) ?? diagnostic.flatMap(StatusCode.first)
                let action = permanent ? "failed" : ((r["action"] as? String) ?? "delayed")
                var reason = BounceClassifier.reason(status: status, replyCode: diagnostic.flatMap(StatusCode.reply), diagnostic: diagnostic ?? subType, action: action)
                if permanent, subType == "NoEmail", !reason.isHard { reason = .userUnknown }
                return ReportRecipient(email: email, status: status, action: action, hard: action == "failed" && reason.isHard,
                                       diagnostic: diagnostic ?? subType, reason: reason)
            }
            kind = recipients.contains { $0.action == "failed" } ? .bounce : .delay
        case "complaint":
            let complaint = object["complaint"] as? [String: Any] ?? [:]
            eventID = complaint["feedbackId"] as? String
            feedbackType = (complaint["complaintFeedbackType"] as? String) ?? "abuse"
            recipients = (complaint["complainedRecipients"] as? [[String: Any]] ?? []).compactMap { r in
                (r["emailAddress"] as? String).flatMap { Addresses.first(in: $0) }.map {
                    ReportRecipient.feedback($0, diagnostic: complaint["userAgent"] as? String)
                }
            }
            kind = .complaint
        case "delivery":
            let delivery = object["delivery"] as? [String: Any] ?? [:]
            let response = delivery["smtpResponse"] as? String
            eventID = nil
            recipients = (delivery["recipients"] as? [String] ?? []).compactMap { Addresses.first(in: $0) }.map {
                ReportRecipient(email: $0, status: response.flatMap(StatusCode.first), action: "delivered", hard: false, diagnostic: response, reason: .delivered)
            }
            kind = .other
        default:
            return nil
        }
    }

    /// A notification mailed through SNS: the JSON object at the start of a text body.
    static func find(in message: MailPart) -> (kind: ReportKind, recipients: [ReportRecipient], feedbackType: String?, originalMessageIDs: [String])? {
        for part in message.allParts where part.parts.isEmpty && part.contentType.hasPrefix("text/plain") {
            let text = part.text
            let head = ByteText(text.prefix(4096))
            guard let open = text.firstIndex(where: { !$0.isWhitespace }), text[open] == "{",
                  head.contains("notificationType") || head.contains("eventType") || head.contains("\"Type\""),
                  let json = JSONObjectText.prefix(of: text[open...]) else { continue }
            // Mail wraps long lines, also inside JSON strings: the line ends are not content.
            let joined = json.replacingOccurrences(of: "\n", with: "")
            guard let n = SESNotification(json: Data(joined.utf8)) else { continue }
            return (n.kind, n.recipients, n.feedbackType, n.originalMessageIDs)
        }
        return nil
    }
}

/// The text of one JSON object at the start of a string, found by its balanced braces.
enum JSONObjectText {
    static func prefix(of text: Substring) -> Substring? {
        var depth = 0
        var inString = false
        var escaped = false
        for i in text.indices {
            let c = text[i]
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                continue
            }
            switch c {
            case "\"": inString = true
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 { return text[...i] }
            default: break
            }
        }
        return nil
    }
}
