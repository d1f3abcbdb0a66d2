import Foundation
import NewsletterCore

/// The HTTP side of posting: sends (or, on a dry run, prints and answers with a sample
/// reply), hides secrets in anything printed, and waits out a short rate limit once.
public final class SocialHTTP: @unchecked Sendable {
    let client: any HTTPClient
    let dryRun: Bool
    let print: @Sendable (String) -> Void
    /// A rate limit that ends within this many seconds is waited out and the request sent again.
    public var maxRateLimitWait: Double
    let now: @Sendable () -> Date

    public init(client: any HTTPClient, dryRun: Bool = false, maxRateLimitWait: Double = 60,
                now: @escaping @Sendable () -> Date = Date.init, print: @escaping @Sendable (String) -> Void = { Swift.print($0) }) {
        self.client = client
        self.dryRun = dryRun
        self.maxRateLimitWait = maxRateLimitWait
        self.now = now
        self.print = print
    }

    /// Sends `request`; on a dry run prints it (secrets replaced by `[secret]`) and returns
    /// `sample` as a 200 reply.
    func send(_ request: HTTPClientRequest, network: String, secrets: [String], sample: String) async throws -> HTTPClientResponse {
        if dryRun {
            print(Self.describe(request, secrets: secrets))
            return HTTPClientResponse(status: 200, headers: [("Content-Type", "application/json")], body: Data(sample.utf8), url: request.url)
        }
        do {
            return try await client.send(request)
        } catch {
            throw SocialError.transport(network: network, message: String(describing: error))
        }
    }

    /// How long to wait before trying again, when the reply says so and it is soon enough.
    func shortWait(until date: Date?) -> Double? {
        guard let date else { return nil }
        let wait = date.timeIntervalSince(now())
        return wait <= maxRateLimitWait ? max(0, wait) : nil
    }

    static func describe(_ request: HTTPClientRequest, secrets: [String]) -> String {
        var text = request.method + " " + request.url + "\n"
        for (name, value) in request.headers { text += name + ": " + value + "\n" }
        if let body = request.body { text += "\n" + String(decoding: body, as: UTF8.self) + "\n" }
        for secret in secrets where secret.count >= 4 {
            text = text.replacingOccurrences(of: secret, with: "[secret]")
            let encoded = PercentEncoding.encode(secret)
            if encoded != secret { text = text.replacingOccurrences(of: encoded, with: "[secret]") }
        }
        return text
    }
}

/// Helpers the posters share.
enum Reply {
    static func json(_ response: HTTPClientResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
    }

    static func text(_ response: HTTPClientResponse, limit: Int = 200) -> String {
        let s = String(decoding: response.body.prefix(limit), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        return s.isEmpty ? "no body" : s
    }

    /// `Retry-After` (seconds or an HTTP date) or a reset header holding epoch seconds or an ISO 8601 time.
    static func retryAt(_ response: HTTPClientResponse, resetHeaders: [String], now: Date) -> Date? {
        if let after = response.header("Retry-After") {
            if let seconds = Double(after.trimmingCharacters(in: .whitespaces)) { return now.addingTimeInterval(seconds) }
            if let date = FeedDate.parse(after) { return date }
        }
        for name in resetHeaders {
            guard let value = response.header(name)?.trimmingCharacters(in: .whitespaces) else { continue }
            if let epoch = Double(value) {
                // Some send seconds until the reset rather than an epoch time.
                return epoch > 1_000_000_000 ? Date(timeIntervalSince1970: epoch) : now.addingTimeInterval(epoch)
            }
            if let date = FeedDate.parse(value) { return date }
        }
        return nil
    }

    static func jsonBody(_ value: JSONValue) -> Data { Data(value.render(pretty: false).utf8) }
}

extension SocialHTTP {
    /// Sends `request` and hands the reply to `check`, which throws for an error reply. A
    /// rate limit that ends soon is waited out once and the request sent again.
    func exchange(_ request: @autoclosure () -> HTTPClientRequest, network: String, secrets: [String], sample: String,
                  check: (HTTPClientResponse) throws -> Void) async throws -> HTTPClientResponse {
        var waited = false
        while true {
            let response = try await send(request(), network: network, secrets: secrets, sample: sample)
            do {
                try check(response)
                return response
            } catch SocialError.rateLimited(let n, let retryAt, let message) {
                guard !waited, let wait = shortWait(until: retryAt) else { throw SocialError.rateLimited(network: n, retryAt: retryAt, message: message) }
                waited = true
                try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
            }
        }
    }
}
