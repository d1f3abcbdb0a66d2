import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NewsletterCore

/// Security headers on every answer, error pages for thrown errors, and one log line per
/// request with tokens cut out of the path (no addresses at info level).
struct PageMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let app: WebApp

    static let securityHeaders: [(HTTPField.Name, String)] = [
        ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Cache-Control", "no-store"),
    ].map { (HTTPField.Name($0.0)!, $0.1) }

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        let started = Date()
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as Hummingbird.HTTPError {
            switch error.status {
            case .notFound: response = app.errorPage("not_found", status: .notFound)
            case .contentTooLarge: response = app.errorPage("too_large", status: .contentTooLarge)
            case .methodNotAllowed: response = app.errorPage("not_found", status: .methodNotAllowed)
            default: response = app.errorPage("broken", status: error.status)
            }
        } catch {
            app.logger.error("\(request.method) \(Self.redacted(request.uri.path)) failed: \(error)")
            response = app.errorPage("broken", status: .internalServerError)
        }
        for (name, value) in Self.securityHeaders {
            response.headers[name] = value
        }
        let ms = Int(Date().timeIntervalSince(started) * 1000)
        app.logger.info("\(request.method) \(Self.redacted(request.uri.path)) \(response.status.code) \(ms) ms")
        return response
    }

    /// `/confirm/abc…` → `/confirm/…`: tokens are credentials and stay out of logs.
    static func redacted(_ path: String) -> String {
        for prefix in ["/confirm/", "/unsubscribe/"] where path.hasPrefix(prefix) { return prefix + "…" }
        return path
    }
}

/// Fields of an `application/x-www-form-urlencoded` or `multipart/form-data` body.
enum FormBody {
    static func fields(_ body: String, contentType: String?) -> [String: String] {
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("multipart/form-data"), let boundary = parameter("boundary", in: contentType ?? "") {
            return multipart(body, boundary: boundary)
        }
        // The first of repeated names wins.
        return Dictionary(FormEncoding.pairs(body), uniquingKeysWith: { first, _ in first })
    }

    static func parameter(_ name: String, in header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            return kv[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    /// Small text fields of a multipart body (RFC 7578).
    static func multipart(_ body: String, boundary: String) -> [String: String] {
        var out: [String: String] = [:]
        for part in body.components(separatedBy: "--" + boundary).dropFirst() {
            guard let split = part.range(of: "\r\n\r\n") else { continue }
            let head = part[..<split.lowerBound]
            var value = String(part[split.upperBound...])
            if value.hasSuffix("\r\n") { value.removeLast() }
            guard let disposition = head.components(separatedBy: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
                  let name = parameter("name", in: disposition) else { continue }
            if out[name] == nil { out[name] = value }
        }
        return out
    }
}

/// At most `limit` requests per client address in a sliding `window` of seconds.
final class ClientLimiter: @unchecked Sendable {
    let limit: Int
    let window: Double
    private var hits: [String: [Date]] = [:]
    private let lock = NSLock()

    init(limit: Int, window: Double) {
        self.limit = limit
        self.window = window
    }

    func allow(_ client: String, now: Date) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if hits.count > 10_000 { hits = hits.filter { $0.value.contains { now.timeIntervalSince($0) < window } } }
        var recent = (hits[client] ?? []).filter { now.timeIntervalSince($0) < window }
        guard recent.count < limit else {
            hits[client] = recent
            return false
        }
        recent.append(now)
        hits[client] = recent
        return true
    }
}
