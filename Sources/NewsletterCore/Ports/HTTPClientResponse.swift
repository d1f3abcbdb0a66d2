import Foundation

/// The final response of an exchange, after redirects.
public struct HTTPClientResponse: Sendable {
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
