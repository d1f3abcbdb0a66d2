import Foundation

/// Sends HTTP requests: the port behind feed fetching and social posting.
public protocol HTTPClient: Sendable {
    func send(_ request: HTTPClientRequest) async throws -> HTTPClientResponse
}
