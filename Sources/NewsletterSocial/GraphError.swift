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
