import Foundation
import NewsletterCore
import NewsletterHTTP
import NewsletterSocial

/// The social server of `Tests/PythonHelpers/social_server.py`: scripts replies, reads back requests.
public final class SocialServer: @unchecked Sendable {
    let server: LocalServer
    public let client = CurlHTTPClient()
    public var base: String { server.base }

    public init() throws { server = try LocalServer(script: "social_server.py") }

    public struct Reply {
        public var status: Int
        public var body: String
        public var headers: [String: String] = [:]

        public init(status: Int, body: String, headers: [String: String] = [:]) {
            self.status = status
            self.body = body
            self.headers = headers
        }
    }

    public struct Recorded {
        public let method: String
        public let path: String
        public let headers: [String: String]
        public let body: String

        public func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
        public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
        public var form: [String: String] {
            var out: [String: String] = [:]
            for pair in body.split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                out[String(kv[0])] = kv.count > 1 ? String(kv[1]).removingPercentEncoding : ""
            }
            return out
        }
    }

    public func script(_ method: String, _ path: String, _ replies: [Reply]) async throws {
        let rules: [[String: Any]] = [["method": method, "path": path,
                                       "responses": replies.map { ["status": $0.status, "body": $0.body, "headers": $0.headers] }]]
        _ = try await client.send(HTTPClientRequest(url: base + "/__script", method: "POST", body: try JSONSerialization.data(withJSONObject: rules)))
    }

    public func requests() async throws -> [Recorded] {
        let response = try await client.send(HTTPClientRequest(url: base + "/__requests"))
        let list = try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]] ?? []
        return list.map { Recorded(method: $0["method"] as! String, path: $0["path"] as! String, headers: $0["headers"] as! [String: String], body: $0["body"] as! String) }
    }

    public func http(dryRun: Bool = false, print: @escaping @Sendable (String) -> Void = { _ in }) -> SocialHTTP {
        SocialHTTP(client: client, dryRun: dryRun, maxRateLimitWait: 5, print: print)
    }
}

