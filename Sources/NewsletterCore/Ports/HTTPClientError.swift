import Foundation

/// Why an exchange failed before a response could be used.
public enum HTTPClientError: Error, Equatable, CustomStringConvertible {
    case tooLarge(url: String, limit: Int)
    case timedOut(url: String, seconds: Double)
    case tooManyRedirects(url: String, limit: Int)
    case unsupportedURL(url: String)
    case transport(url: String, code: Int, message: String)

    public var description: String {
        switch self {
        case .tooLarge(let url, let limit):
            return "The response from \(url) is larger than the limit of \(limit / 1_048_576 > 0 ? "\(limit / 1_048_576) MB" : "\(limit) bytes")."
        case .timedOut(let url, let seconds):
            return "The request to \(url) timed out after \(Self.format(seconds)) seconds."
        case .tooManyRedirects(let url, let limit):
            return "The request to \(url) was redirected more than \(limit) times."
        case .unsupportedURL(let url):
            return "The URL \(url) is not an http or https URL."
        case .transport(let url, let code, let message):
            return "The request to \(url) failed: \(message) (curl error \(code))."
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
