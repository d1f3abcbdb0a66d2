import Foundation

/// An HTTP request as the adapters send it.
public struct HTTPClientRequest: Sendable {
    public var url: String
    public var method: String
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// The whole exchange must finish within this many seconds.
    public var timeout: Double
    /// A body larger than this is refused with `HTTPClientError.tooLarge`.
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
