import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NewsletterCore

extension WebApp {
    /// `GET /admin/report`: the report page, for `NEWSLETTER_ADMIN_TOKEN` as a bearer token
    /// or as the Basic password of user `admin` (compared in constant time); 401 without
    /// it, 404 when no token is configured.
    func adminReport(_ request: Request, context: WebContext) async throws -> Response {
        if let refused = adminGate(request, context: context) { return refused }
        let report = try await IssueReport.collect(issues: issues, subscribers: history, clickTracking: settings.clickTracking)
        return Self.html(ReportPage.html(report, name: settings.identity.name, now: now()))
    }

    /// `GET /metrics` on the main address: Prometheus' text, with the admin token.
    func metricsPage(_ request: Request, context: WebContext) async throws -> Response {
        if let refused = adminGate(request, context: context) { return refused }
        return Self.metricsResponse(metrics)
    }

    static func metricsResponse(_ metrics: ServerMetrics) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(bytes: metrics.text())))
    }

    /// nil when the request carries the admin token; else the answer that refuses it (404
    /// without a token set, 429 after too many wrong ones, 401).
    func adminGate(_ request: Request, context: WebContext) -> Response? {
        guard let token = settings.adminToken, !token.isEmpty else { return errorPage(.notFound, status: .notFound) }
        let client = clientAddress(request, context: context)
        if let wait = adminFailures.retryAfter(client, now: now()) {
            var response = Self.html("Too many wrong admin tokens from your address; try again later.\n", status: .tooManyRequests, type: "text/plain; charset=utf-8")
            response.headers[.retryAfter] = String(wait)
            return response
        }
        guard Self.authorized(request.headers[.authorization], token: token) else {
            adminFailures.fail(client, now: now())
            var response = Self.html("The admin pages need the admin token.\n", status: .unauthorized, type: "text/plain; charset=utf-8")
            response.headers[.wwwAuthenticate] = "Basic realm=\"newsletter admin\", charset=\"UTF-8\""
            return response
        }
        return nil
    }

    /// `Bearer TOKEN` or `Basic base64(admin:TOKEN)`.
    static func authorized(_ header: String?, token: String) -> Bool {
        guard let header else { return false }
        var given: String?
        if header.lowercased().hasPrefix("bearer ") {
            given = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        } else if header.lowercased().hasPrefix("basic "),
                  let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
                  let pair = String(data: data, encoding: .utf8), let colon = pair.firstIndex(of: ":"), pair[..<colon] == "admin" {
            given = String(pair[pair.index(after: colon)...])
        }
        guard let given else { return false }
        // Equal-length MACs compared in constant time, whatever the lengths given.
        let key = SymmetricKey(size: .bits256)
        return HMAC<SHA256>.isValidAuthenticationCode(HMAC<SHA256>.authenticationCode(for: Data(token.utf8), using: key),
                                                      authenticating: Data(given.utf8), using: key)
    }
}
