import Foundation
import NewsletterCore

/// Graph API errors, shared by Facebook and the WhatsApp Cloud API:
/// `{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}`.
enum GraphError {
    /// Codes that mean "slow down": 4 (app), 17 (user), 32 (page), 613 (calls within one hour),
    /// 80001/80007 (page and WhatsApp business limits), 130429/131056 (WhatsApp throughput and pair rate).
    static let rateCodes: Set<Int> = [4, 17, 32, 613, 80001, 80007, 130429, 131056]

    static func check(_ response: HTTPClientResponse, network: String, tokenVariable: String, now: Date) throws {
        let error = Reply.json(response)["error"] as? [String: Any]
        if (200..<300).contains(response.status), error == nil { return }
        let code = error?["code"] as? Int ?? 0
        let message = (error?["message"] as? String) ?? Reply.text(response)
        let described = "code \(code): \(message)"
        if rateCodes.contains(code) || response.status == 429 {
            throw SocialError.rateLimited(network: network, retryAt: Reply.retryAt(response, resetHeaders: [], now: now), message: described)
        }
        if code == 190 || code == 102 || response.status == 401 {
            throw SocialError.unauthorized(network: network, variable: tokenVariable, message: described)
        }
        if code == 506 || message.lowercased().contains("duplicate") {
            throw DuplicateSignal(message: message)
        }
        throw SocialError.rejected(network: network, status: response.status, message: described)
    }
}

/// A Facebook Page's feed: `POST /{version}/{page-id}/feed` with `message` and `link`.
public struct FacebookPoster: SocialPoster {
    public let key = "facebook"
    public let name = "Facebook"
    let base: String
    let version: String
    let pageID: String
    let token: String

    public init(base: String = "https://graph.facebook.com", version: String = "v23.0", pageID: String, token: String) {
        self.base = base
        self.version = version.hasPrefix("v") ? version : "v" + version
        self.pageID = pageID
        self.token = token
    }

    public func publish(_ post: SharePost, http: SocialHTTP) async throws -> SocialOutcome {
        let message = post.summary.isEmpty ? post.title : post.title + "\n\n" + post.summary
        let body = FormEncoding.encode([("message", message), ("link", post.url), ("access_token", token)])
        let request = HTTPClientRequest(url: "\(base)/\(version)/\(PercentEncoding.encode(pageID))/feed", method: "POST",
                                  headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Data(body.utf8))
        let response = try await http.exchange(request, network: name, secrets: [token], sample: #"{"id":"0_0"}"#) { response in
            try GraphError.check(response, network: name, tokenVariable: SettingKey.facebookPageToken.variable, now: http.now())
        }
        guard let id = Reply.json(response)["id"] as? String else {
            throw SocialError.rejected(network: name, status: response.status, message: "the reply has no post id: " + Reply.text(response))
        }
        return .posted(remoteID: id, url: "https://www.facebook.com/" + id)
    }
}

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
