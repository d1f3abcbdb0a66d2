import Foundation

/// An HTTP request as the adapters send it.
public struct HTTPRequest: Sendable {
    public var url: String
    public var method: String
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// The whole exchange must finish within this many seconds.
    public var timeout: Double
    /// A body larger than this is refused with `HTTPError.tooLarge`.
    public var maxBodyBytes: Int
    public var maxRedirects: Int

    public init(url: String, method: String = "GET", headers: [(name: String, value: String)] = [], body: Data? = nil,
                timeout: Double = 30, maxBodyBytes: Int = 20 * 1024 * 1024, maxRedirects: Int = 5) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
        self.maxRedirects = maxRedirects
    }
}

/// The final response of an exchange, after redirects.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header fields of the final response, in order.
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// The URL the body came from, after redirects.
    public var url: String

    public init(status: Int, headers: [(name: String, value: String)], body: Data, url: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
    }

    /// The first value of a header field, compared case-insensitively (RFC 9110 §5.1).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Sends HTTP requests: the port behind feed fetching and social posting.
public protocol HTTPClient: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// Why an exchange failed before a response could be used.
public enum HTTPError: Error, Equatable, CustomStringConvertible {
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
