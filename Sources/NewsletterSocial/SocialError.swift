import Foundation
import NewsletterCore

/// Why a network did not take a post: one sentence naming the network and what to do.
public enum SocialError: Error, Equatable, CustomStringConvertible {
    case notConfigured(network: String, missing: [String])
    case rateLimited(network: String, retryAt: Date?, message: String)
    case unauthorized(network: String, variable: String, message: String)
    case rejected(network: String, status: Int, message: String)
    case transport(network: String, message: String)

    public var description: String {
        switch self {
        case .notConfigured(let network, let missing):
            return "\(network) is not configured for posting: set \(missing.joined(separator: ", "))."
        case .rateLimited(let network, let retryAt, let message):
            let when = retryAt.map { "after " + Self.format($0) } ?? "later"
            return "\(network) is limiting the rate of posts (\(message)); try again \(when)."
        case .unauthorized(let network, let variable, let message):
            return "\(network) refused the credentials (\(message)); renew \(variable)."
        case .rejected(let network, let status, let message):
            return "\(network) rejected the post (HTTP \(status): \(message))."
        case .transport(let network, let message):
            return "\(network) could not be reached: \(message)"
        }
    }

    static func format(_ date: Date) -> String { UTCFormat.string(date, "yyyy-MM-dd HH:mm:ss 'UTC'") }
}
