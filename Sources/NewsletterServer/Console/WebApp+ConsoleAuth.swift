import Foundation
import HTTPTypes
import Hummingbird
import NewsletterCore

/// Signing in to the console: the set-up link, the password then the code, sessions in
/// cookies, a CSRF token on every form.
extension WebApp {
    static let sessionCookie = "nl_session"
    /// The token of the forms shown before a session exists (sign-in, set-up), doubled in a cookie.
    static let formCookie = "nl_form"
    /// The largest form a session may post (public forms keep `maxBodyBytes`).
    static let consoleFormLimit = 1024 * 1024

    /// A signed-in request: the session, its user, and the context for the consent log.
    struct ConsoleVisit {
        var session: ConsoleSession
        var user: ConsoleUser
        var context: ChangeContext
    }

    // MARK: Cookies

    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces) == name { return kv[1].trimmingCharacters(in: .whitespaces) }
            }
        }
        return nil
    }

    /// `Secure` unless the console is served over plain http on this machine (a test, a tunnel).
    var cookieIsSecure: Bool {
        let parts = URLResolver.split(baseURL)
        guard parts.scheme?.lowercased() == "http" else { return true }
        let host = (parts.authority ?? "").split(separator: ":").first.map(String.init)?.lowercased() ?? ""
        return !(host == "localhost" || host.hasPrefix("127.") || (parts.authority ?? "").hasPrefix("[::1]"))
    }

    func setCookie(_ name: String, _ value: String, maxAge: Int?, on response: inout Response) {
        var text = "\(name)=\(value); Path=/admin; HttpOnly; SameSite=Strict"
        if cookieIsSecure { text += "; Secure" }
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        response.headers.append(HTTPField(name: .setCookie, value: text))
    }

    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    func consolePage(_ title: String, _ body: String, visit: ConsoleVisit? = nil, current: String = "", status: HTTPResponse.Status = .ok) -> Response {
        Self.html(ConsoleHTML.page(title: title, name: settings.identity.name, user: visit?.user, csrf: visit?.session.csrf, current: current, body: body),
                  status: status)
    }

    func forbidden(_ visit: ConsoleVisit? = nil) -> Response {
        consolePage("Not allowed", ConsoleHTML.notice("This form has expired or did not come from this console, so nothing was changed. Go back, reload the page and try again.", problem: true),
                    visit: visit, status: .forbidden)
    }

    // MARK: The guard

    /// The signed-in visit, or the answer for a request without one: 303 to the sign-in
    /// page for a browser, 401 for anything else; 404 when the console is off.
    func visit(_ request: Request, context: WebContext) async throws -> Result<ConsoleVisit, ConsoleRefusal> {
        guard let access = consoleAccess else { return .failure(ConsoleRefusal(errorPage(.notFound, status: .notFound))) }
        if let cookie = Self.cookie(Self.sessionCookie, in: request), let (session, user) = try await access.current(cookie: cookie, now: now()) {
            let evidence = ChangeContext(ip: clientAddress(request, context: context), userAgent: request.headers[.userAgent].map { String($0.prefix(300)) },
                                         by: user.email)
            return .success(ConsoleVisit(session: session, user: user, context: evidence))
        }
        let accept = request.headers[.accept] ?? ""
        if accept.contains("text/html") { return .failure(ConsoleRefusal(Self.redirect("/admin/login"))) }
        return .failure(ConsoleRefusal(Self.html("Sign in to the console first.\n", status: .unauthorized, type: "text/plain; charset=utf-8")))
    }

    /// A POST's fields when its CSRF token is the session's, else nil (answer 403).
    func checkedForm(_ request: Request, visit: ConsoleVisit) async -> [String: String]? {
        // A signed-in editor's form may carry an announcement (up to 512 KB of Markdown).
        var copy = request
        guard let body = try? await copy.collectBody(upTo: Self.consoleFormLimit) else { return nil }
        let fields = FormBody.fields(String(buffer: body), contentType: request.headers[.contentType])
        guard let token = fields["csrf"], RandomToken.equal(token, visit.session.csrf) else { return nil }
        return fields
    }

    /// A pre-session POST's fields when its token matches the form cookie.
    func checkedPublicForm(_ request: Request) async -> [String: String]? {
        guard let body = await collect(request), let cookie = Self.cookie(Self.formCookie, in: request), !cookie.isEmpty else { return nil }
        let fields = FormBody.fields(String(buffer: body), contentType: request.headers[.contentType])
        guard let token = fields["csrf"], RandomToken.equal(token, cookie) else { return nil }
        return fields
    }

    /// The form cookie's token, made when the browser has none.
    func formToken(_ request: Request) -> (token: String, fresh: Bool) {
        if let cookie = Self.cookie(Self.formCookie, in: request), cookie.count >= 40 { return (cookie, false) }
        return (RandomToken.make(), true)
    }

    func withFormCookie(_ response: Response, _ token: (token: String, fresh: Bool)) -> Response {
        var response = response
        if token.fresh { setCookie(Self.formCookie, token.token, maxAge: 3600, on: &response) }
        return response
    }

    func signedIn(_ new: ConsoleAccess.NewSession) -> Response {
        var response = Self.redirect("/admin/")
        setCookie(Self.sessionCookie, new.cookie, maxAge: Int(ConsoleAccess.absoluteTimeout), on: &response)
        return response
    }
}

/// The answer to a console request that may not go on.
struct ConsoleRefusal: Error {
    var response: Response
    init(_ response: Response) { self.response = response }
}
