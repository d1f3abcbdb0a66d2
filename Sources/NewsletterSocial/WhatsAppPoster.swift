import Foundation
import NewsletterCore

/// WhatsApp Cloud API: a text message with a link preview to each configured recipient,
/// `POST /{version}/{phone-number-id}/messages`.
public struct WhatsAppPoster: SocialPoster {
    public let key = "whatsapp"
    public let name = "WhatsApp"
    let base: String
    let version: String
    let phoneNumberID: String
    let token: String
    let recipients: [String]

    public init(base: String = "https://graph.facebook.com", version: String = "v23.0", phoneNumberID: String, token: String, recipients: [String]) {
        self.base = base
        self.version = version.hasPrefix("v") ? version : "v" + version
        self.phoneNumberID = phoneNumberID
        self.token = token
        self.recipients = recipients
    }

    public func publish(_ post: SharePost, http: SocialHTTP) async throws -> SocialOutcome {
        let text = (post.title.isEmpty ? "" : "*" + post.title + "*\n") + (post.summary.isEmpty ? "" : post.summary + "\n\n") + post.url
        var ids: [String] = []
        for recipient in recipients {
            let body = Reply.jsonBody(.object([
                ("messaging_product", .string("whatsapp")), ("recipient_type", .string("individual")), ("to", .string(recipient)),
                ("type", .string("text")), ("text", .object([("preview_url", .bool(true)), ("body", .string(String(text.prefix(4096))))])),
            ]))
            let request = HTTPClientRequest(url: "\(base)/\(version)/\(PercentEncoding.encode(phoneNumberID))/messages", method: "POST",
                                      headers: [("Authorization", "Bearer " + token), ("Content-Type", "application/json")], body: body)
            let response = try await http.exchange(request, network: name, secrets: [token],
                                                   sample: #"{"messaging_product":"whatsapp","messages":[{"id":"wamid.dry-run"}]}"#) { response in
                try GraphError.check(response, network: name, tokenVariable: SettingKey.whatsAppToken.variable, now: http.now())
            }
            let messages = Reply.json(response)["messages"] as? [[String: Any]]
            ids.append((messages?.first?["id"] as? String) ?? "?")
        }
        return .posted(remoteID: ids.joined(separator: ","), url: nil)
    }
}
