import Foundation
import HTTPTypes
import Hummingbird
import NewsletterCore

/// `/admin/login`, `/admin/login/code`, `/admin/logout` and `/admin/setup/{token}`.
extension WebApp {
    static let e = ConsoleHTML.e

    func loginPage(_ request: Request) -> Response {
        guard consoleAccess != nil else { return errorPage(.notFound, status: .notFound) }
        let token = formToken(request)
        return withFormCookie(loginForm(csrf: token.token), token)
    }

    func loginForm(csrf: String, email: String = "", problem: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let body = (problem.map { ConsoleHTML.notice($0, problem: true) } ?? "") + """
            <form method="post" action="/admin/login">\(ConsoleHTML.csrfField(csrf))
            <label for="email">Email address</label><input id="email" name="email" type="email" autocomplete="username" required value="\(Self.e(email))">
            <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
            <div><button type="submit">Continue</button></div></form>
            """
        return consolePage("Sign in", body, status: status)
    }

    func codeForm(csrf: String, ticket: String, problem: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let body = (problem.map { ConsoleHTML.notice($0, problem: true) } ?? "") + """
            <form method="post" action="/admin/login/code">\(ConsoleHTML.csrfField(csrf))<input type="hidden" name="ticket" value="\(Self.e(ticket))">
            <label for="code">The 6-digit code your authenticator app shows</label>
            <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" required>
            <div><button type="submit">Sign in</button></div></form>
            """
        return consolePage("Second step", body, status: status)
    }

    func throttled(_ client: String) -> Response? {
        guard let wait = consoleFailures.retryAfter(client, now: now()) else { return nil }
        var response = consolePage("Too many attempts", ConsoleHTML.notice("Too many failed sign-ins from your address; try again in \(wait / 60 + 1) minutes.", problem: true),
                                   status: .tooManyRequests)
        response.headers[.retryAfter] = String(wait)
        return response
    }

    static func lockedWords(_ until: Date) -> String {
        "This account is locked after too many failed attempts until \(ConsoleHTML.date(until)); an owner can also reset it with `newsletter admin reset`."
    }

    /// `POST /admin/login`: the password.
    func login(_ request: Request, context: WebContext) async throws -> Response {
        guard let access = consoleAccess else { return errorPage(.notFound, status: .notFound) }
        guard let fields = await checkedPublicForm(request) else { return forbidden() }
        let csrf = fields["csrf"] ?? ""
        let client = clientAddress(request, context: context)
        if let refusal = throttled(client) { return refusal }
        let email = String((fields["email"] ?? "").prefix(320))
        switch try await access.checkPassword(email: email, password: String((fields["password"] ?? "").prefix(200)), now: now()) {
        case .needsCode(let ticket):
            return codeForm(csrf: csrf, ticket: ticket)
        case .wrong:
            consoleFailures.fail(client, now: now())
            return loginForm(csrf: csrf, email: email, problem: "That address and password do not match a console user.", status: .unauthorized)
        case .locked(let until):
            return loginForm(csrf: csrf, email: email, problem: Self.lockedWords(until), status: .forbidden)
        }
    }

    /// `POST /admin/login/code`: the second factor.
    func loginCode(_ request: Request, context: WebContext) async throws -> Response {
        guard let access = consoleAccess else { return errorPage(.notFound, status: .notFound) }
        guard let fields = await checkedPublicForm(request) else { return forbidden() }
        let csrf = fields["csrf"] ?? "", ticket = fields["ticket"] ?? ""
        let client = clientAddress(request, context: context)
        if let refusal = throttled(client) { return refusal }
        switch try await access.checkCode(ticket: ticket, code: String((fields["code"] ?? "").prefix(20)), now: now()) {
        case .signedIn(_, let new):
            return signedIn(new)
        case .wrong:
            consoleFailures.fail(client, now: now())
            return codeForm(csrf: csrf, ticket: ticket, problem: "That code is not the current one (or was used already); try the next one your app shows.",
                            status: .unauthorized)
        case .expired:
            return loginForm(csrf: csrf, problem: "The sign-in took too long; enter your password again.", status: .unauthorized)
        case .locked(let until):
            return loginForm(csrf: csrf, problem: Self.lockedWords(until), status: .forbidden)
        }
    }

    /// `POST /admin/logout`.
    func logout(_ request: Request, context: WebContext) async throws -> Response {
        guard case .success(let visit) = try await self.visit(request, context: context) else { return Self.redirect("/admin/login") }
        guard await checkedForm(request, visit: visit) != nil else { return forbidden(visit) }
        if let cookie = Self.cookie(Self.sessionCookie, in: request) { try await consoleAccess?.signOut(cookie: cookie) }
        var response = Self.redirect("/admin/login")
        setCookie(Self.sessionCookie, "", maxAge: 0, on: &response)
        return response
    }

    // MARK: Set-up

    /// `GET /admin/setup/{token}`: the authenticator's key (URI, QR code, text) and the password form.
    func setupPage(_ request: Request, token: String) async throws -> Response {
        guard let access = consoleAccess else { return errorPage(.notFound, status: .notFound) }
        guard let user = try await access.setupUser(token: token, now: now()) else { return setupInvalid() }
        let form = formToken(request)
        return withFormCookie(setupForm(user, token: token, csrf: form.token), form)
    }

    func setupInvalid() -> Response {
        consolePage("Set-up link not valid", ConsoleHTML.notice("This set-up link was used already, has expired or was never issued. Ask an owner for a new one (`newsletter admin reset`).", problem: true),
                    status: .notFound)
    }

    func setupForm(_ user: ConsoleUser, token: String, csrf: String, problem: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let totp = TOTP(secret: user.totpSecret)
        let uri = totp.uri(account: user.email, issuer: settings.identity.name)
        let qr = (try? QRCode(text: uri).svg(label: "QR code of the authenticator key for \(user.email)")) ?? ""
        let body = (problem.map { ConsoleHTML.notice($0, problem: true) } ?? "") + """
            <p>Welcome, \(Self.e(user.email)) (\(user.role.rawValue)). Choose a password and add this console to an authenticator app.</p>
            <h2>1. Your authenticator app</h2>
            <p>Scan the code, or enter the key by hand.</p>
            <div class="qr">\(qr)</div>
            <dl><dt>Key</dt><dd><code id="totp-key">\(Self.e(totp.base32))</code></dd>
            <dt>Link</dt><dd><a id="totp-uri" href="\(Self.e(uri))">\(Self.e(uri))</a></dd></dl>
            <h2>2. Your password</h2>
            <form method="post" action="/admin/setup/\(Self.e(token))">\(ConsoleHTML.csrfField(csrf))
            <label for="password">Password (at least \(PasswordRule.minimumLength) characters)</label>
            <input id="password" name="password" type="password" autocomplete="new-password" minlength="\(PasswordRule.minimumLength)" required>
            <label for="confirmation">The same password again</label>
            <input id="confirmation" name="confirmation" type="password" autocomplete="new-password" required>
            <label for="code">The 6-digit code the app now shows</label>
            <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required>
            <div><button type="submit">Finish set-up</button></div></form>
            """
        return consolePage("Set up your console access", body, status: status)
    }

    /// `POST /admin/setup/{token}`.
    func setup(_ request: Request, token: String, context: WebContext) async throws -> Response {
        guard let access = consoleAccess else { return errorPage(.notFound, status: .notFound) }
        guard let fields = await checkedPublicForm(request) else { return forbidden() }
        let result = try await access.completeSetup(token: token, password: String((fields["password"] ?? "").prefix(200)),
                                                    confirmation: String((fields["confirmation"] ?? "").prefix(200)),
                                                    code: String((fields["code"] ?? "").prefix(20)), now: now())
        switch result {
        case .done(_, let new): return signedIn(new)
        case .invalidLink: return setupInvalid()
        case .refused(let problem):
            guard let user = try await access.setupUser(token: token, now: now()) else { return setupInvalid() }
            return setupForm(user, token: token, csrf: fields["csrf"] ?? "", problem: problem, status: .badRequest)
        }
    }
}
