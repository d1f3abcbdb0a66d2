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

    static let consolePolicy = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src https: data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        let started = Date()
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as Hummingbird.HTTPError {
            switch error.status {
            case .notFound: response = app.errorPage(.notFound, status: .notFound)
            case .contentTooLarge: response = app.errorPage(.tooLarge, status: .contentTooLarge)
            case .methodNotAllowed: response = app.errorPage(.notFound, status: .methodNotAllowed)
            default: response = app.errorPage(.broken, status: error.status)
            }
        } catch {
            app.logger.error("\(request.method) \(Self.redacted(request.uri.path)) failed: \(error)")
            response = app.errorPage(.broken, status: .internalServerError)
        }
        for (name, value) in Self.securityHeaders {
            response.headers[name] = value
        }
        // The console may run its one script (the composer's live preview) and ask itself for JSON.
        if request.uri.path.hasPrefix("/admin/") {
            response.headers[HTTPField.Name("Content-Security-Policy")!] = Self.consolePolicy
        }
        let seconds = Date().timeIntervalSince(started)
        app.metrics.request(route: ServerMetrics.route(request.uri.path), method: request.method.rawValue, status: response.status.code, seconds: seconds)
        let ms = Int(seconds * 1000)
        app.logger.info("\(request.method) \(Self.redacted(request.uri.path)) \(response.status.code) \(ms) ms")
        return response
    }

    /// `/confirm/abc…` → `/confirm/…`: tokens are credentials and stay out of logs.
    static func redacted(_ path: String) -> String {
        for prefix in ["/confirm/", "/unsubscribe/", "/preferences/"] where path.hasPrefix(prefix) { return prefix + "…" }
        return path
    }
}
