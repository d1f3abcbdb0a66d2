import Foundation

/// The sender identity kept with each issue, as a JSON object.
public enum IdentityJSON {
    public static func encode(_ identity: NewsletterIdentity) -> String {
        JSONValue.object([
            ("name", .string(identity.name)), ("from_name", .optional(identity.from.name)), ("from", .string(identity.from.address)),
            ("reply_to", .optional(identity.replyTo?.address)), ("blog_url", .optional(identity.blogURL)), ("base_url", .string(identity.baseURL)),
            ("postal_address", .string(identity.postalAddress)), ("language", .string(identity.language)), ("feedback_id", .optional(identity.feedbackID)),
            ("unsubscribe_mailbox", .optional(identity.unsubscribeMailbox)),
        ]).render(pretty: false)
    }

    public static func decode(_ json: String) -> NewsletterIdentity {
        let o = (try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]) ?? [:]
        return NewsletterIdentity(
            name: o["name"] as? String ?? "Newsletter", from: EmailAddress(o["from"] as? String ?? "newsletter@localhost", name: o["from_name"] as? String),
            replyTo: (o["reply_to"] as? String).map { EmailAddress($0) }, blogURL: o["blog_url"] as? String,
            baseURL: o["base_url"] as? String ?? "http://127.0.0.1:8080", postalAddress: o["postal_address"] as? String ?? "",
            language: o["language"] as? String ?? "en", feedbackID: o["feedback_id"] as? String,
            unsubscribeMailbox: o["unsubscribe_mailbox"] as? String)
    }
}
