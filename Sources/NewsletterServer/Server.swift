import Crypto
import Foundation
import Hummingbird
import Logging
import NewsletterCore
import NewsletterStore
import HTTPTypes
import NIOCore

/// The request context of the web endpoints: the peer's address, for the per-client rate limit.
public struct WebContext: Hummingbird.RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    public var maxUploadSize: Int { 64 * 1024 }
}

/// What `newsletter serve` needs from the rest of the tool.
public struct WebSettings: Sendable {
    public var identity: NewsletterIdentity
    /// Sign-ups allowed per client address per `subscribeWindow` seconds.
    public var subscribeLimit: Int = 5
    public var subscribeWindow: Double = 600
    /// At most one confirmation email per address in this many seconds.
    public var confirmationInterval: Double = 3600
    /// A form or JSON body larger than this is refused (413).
    public var maxBodyBytes: Int = 16 * 1024
    /// Take the client address from `X-Forwarded-For` (only behind a reverse proxy you run).
    public var trustProxy = false

    public init(identity: NewsletterIdentity) { self.identity = identity }
}

/// The side effects the pages cause, given by the command line (which knows the transport).
public struct WebActions: Sendable {
    public var sendConfirmation: @Sendable (Subscriber) async throws -> Void
    public var sendWelcome: @Sendable (Subscriber) async throws -> Void

    public init(sendConfirmation: @escaping @Sendable (Subscriber) async throws -> Void, sendWelcome: @escaping @Sendable (Subscriber) async throws -> Void) {
        self.sendConfirmation = sendConfirmation
        self.sendWelcome = sendWelcome
    }
}

/// The subscriber-facing web endpoints of SPEC.md.
public final class WebApp: Sendable {
    let store: SQLiteSubscriberStore
    let templates: DigestTemplates
    let secret: SymmetricKey
    let settings: WebSettings
    let actions: WebActions
    let now: @Sendable () -> Date
    let logger: Logger
    let limiter: ClientLimiter

    public init(store: SQLiteSubscriberStore, templates: DigestTemplates, secret: SymmetricKey, settings: WebSettings, actions: WebActions,
                now: @escaping @Sendable () -> Date = Date.init, logger: Logger = Logger(label: "newsletter.serve")) {
        self.store = store
        self.templates = templates
        self.secret = secret
        self.settings = settings
        self.actions = actions
        self.now = now
        self.logger = logger
        limiter = ClientLimiter(limit: settings.subscribeLimit, window: settings.subscribeWindow)
    }

    /// Serves until SIGTERM or SIGINT, then finishes the requests in progress and returns.
    /// `onListening` gets the bound port (useful with port 0).
    public func run(host: String, port: Int, onListening: @escaping @Sendable (Int) -> Void) async throws {
        let app = Application(
            router: router(), configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) },
            logger: { var l = Logger(label: "newsletter.hummingbird"); l.logLevel = .warning; return l }())
        try await app.runService()
    }

    public func router() -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.middlewares.add(PageMiddleware(app: self))
        router.get("/healthz") { _, _ in try await self.health() }
        router.get("/subscribe") { _, _ in self.subscribeForm() }
        router.post("/subscribe") { request, context in try await self.subscribe(request, context: context) }
        router.get("/confirm/:token") { _, context in try await self.confirm(context.parameters.get("token") ?? "", context: context) }
        router.get("/unsubscribe/:token") { _, context in self.unsubscribePage(context.parameters.get("token") ?? "") }
        router.post("/unsubscribe/:token") { request, context in try await self.unsubscribe(request, token: context.parameters.get("token") ?? "") }
        router.get("/archive") { _, _ in try self.archive() }
        router.get("/archive/feed.xml") { _, _ in try self.archiveFeed() }
        router.get("/archive/:issue") { _, context in try self.archivedIssue(context.parameters.get("issue") ?? "") }
        return router
    }

    // MARK: Pages

    var baseURL: String { settings.identity.baseURL }

    var common: [String: Any] {
        ["newsletter_name": settings.identity.name, "postal_address": settings.identity.postalAddress, "language": settings.identity.language,
         "subscribe_url": baseURL + "/subscribe", "archive_url": baseURL + "/archive", "form_action": "", "feed_url": baseURL + "/archive/feed.xml"]
    }

    func page(_ name: String, status: HTTPResponse.Status = .ok, _ extra: [String: Any] = [:]) -> Response {
        var context = common
        context.merge(extra) { $1 }
        return Self.html(templates.page(name, context: context), status: status)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok, type: String = "text/html; charset=utf-8") -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        html(value.render(pretty: false), status: status, type: "application/json")
    }

    /// The error page for a failure kind (the words are in `web-error.html.mustache`).
    func errorPage(_ kind: String, status: HTTPResponse.Status) -> Response {
        page("error", status: status, [kind: true])
    }

    func health() async throws -> Response {
        do {
            _ = try store.counts()
            return Self.html("ok\n", type: "text/plain; charset=utf-8")
        } catch {
            return Self.html("the store cannot be read\n", status: .serviceUnavailable, type: "text/plain; charset=utf-8")
        }
    }

    func subscribeForm(email: String = "", name: String = "", error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        var extra: [String: Any] = ["email": email, "name": name]
        if let error { extra["error"] = true; extra[error] = true }
        return page("subscribe", status: status, extra)
    }

    // MARK: Subscribe

    func subscribe(_ request: Request, context: WebContext) async throws -> Response {
        let client = clientAddress(request, context: context)
        let isJSON = request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true
        guard limiter.allow(client, now: now()) else {
            return isJSON ? Self.json(.object([("error", .string("Too many sign-ups from your network; try again later."))]), status: .tooManyRequests)
                : errorPage("too_many", status: .tooManyRequests)
        }
        guard let body = await collect(request) else {
            return isJSON ? Self.json(.object([("error", .string("The request body is too large."))]), status: .contentTooLarge)
                : errorPage("too_large", status: .contentTooLarge)
        }
        let fields = isJSON ? Self.jsonFields(body) : FormBody.fields(String(buffer: body), contentType: request.headers[.contentType])
        let email = (fields["email"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let name = (fields["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let sent: Response = isJSON
            ? Self.json(.object([("status", .string("ok")), ("message", .string("If the address can receive email, a confirmation link is on its way."))]))
            : page("subscribe-sent")
        // A filled honeypot is a bot: it gets the same answer and nothing happens.
        if let trap = fields["website"], !trap.isEmpty { return sent }
        if email.isEmpty || email.count > 254 {
            return isJSON ? Self.json(.object([("error", .string("Enter an email address."))]), status: .badRequest)
                : subscribeForm(email: email, name: name, error: "missing_email", status: .badRequest)
        }
        guard case .success = EmailSyntax.normalise(email) else {
            return isJSON ? Self.json(.object([("error", .string("That email address is not valid."))]), status: .badRequest)
                : subscribeForm(email: email, name: name, error: "invalid_email", status: .badRequest)
        }
        let requestContext = NewsletterStore.RequestContext(ip: client, userAgent: request.headers[.userAgent].map { String($0.prefix(300)) })
        let outcome = try store.add(email, name: name.isEmpty ? nil : String(name.prefix(200)), confirmed: false, source: .web, context: requestContext, now: now())
        let subscriber: Subscriber
        switch outcome {
        case .created(let s): subscriber = s
        case .existing(let s, _): subscriber = s
        }
        // Known or not, the answer is the same; the email goes out in the background so the
        // answer's timing does not tell either.
        if subscriber.status == .pending {
            let last = try store.lastConfirmationSent(subscriber)
            if last.map({ now().timeIntervalSince($0) >= settings.confirmationInterval }) ?? true {
                let actions = self.actions
                let logger = self.logger
                Task.detached {
                    do { try await actions.sendConfirmation(subscriber) } catch {
                        logger.error("the confirmation email could not be sent: \(error)")
                    }
                }
            }
        }
        return sent
    }

    /// The body, or nil when it passes `maxBodyBytes`.
    func collect(_ request: Request) async -> ByteBuffer? {
        var request = request
        return try? await request.collectBody(upTo: settings.maxBodyBytes)
    }

    func clientAddress(_ request: Request, context: WebContext) -> String {
        if settings.trustProxy, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!] {
            if let first = forwarded.split(separator: ",").first { return first.trimmingCharacters(in: .whitespaces) }
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }

    static func jsonFields(_ body: ByteBuffer) -> [String: String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else { return [:] }
        return object.compactMapValues { $0 as? String }
    }

    // MARK: Confirm and unsubscribe

    func confirm(_ token: String, context: WebContext) async throws -> Response {
        let claim: SubscriberToken
        do {
            claim = try SubscriberToken.verify(token, purpose: .confirm, secret: secret, now: now())
        } catch {
            return error == .expired ? errorPage("expired", status: .gone) : errorPage("invalid", status: .badRequest)
        }
        guard try store.subscriber(claim.email) != nil else { return errorPage("invalid", status: .badRequest) }
        guard try store.spendToken(token, now: now()) else { return errorPage("used", status: .gone) }
        let subscriber = try store.confirm(claim.email, source: .web, context: NewsletterStore.RequestContext(ip: context.remoteAddress?.ipAddress, userAgent: nil), now: now())
        let actions = self.actions
        let logger = self.logger
        Task.detached {
            do { try await actions.sendWelcome(subscriber) } catch { logger.error("the welcome email could not be sent: \(error)") }
        }
        return page("confirmed")
    }

    func unsubscribeClaim(_ token: String) -> SubscriberToken? {
        try? SubscriberToken.verify(token, purpose: .unsubscribe, secret: secret, now: now())
    }

    /// A GET never changes anything: it shows the button.
    func unsubscribePage(_ token: String) -> Response {
        guard unsubscribeClaim(token) != nil else { return errorPage("invalid", status: .badRequest) }
        return page("unsubscribe")
    }

    /// The button's POST and RFC 8058 one-click (`List-Unsubscribe=One-Click`, urlencoded or
    /// multipart): 200 on success, no cookies, no redirect.
    func unsubscribe(_ request: Request, token: String) async throws -> Response {
        guard await collect(request) != nil else { return errorPage("too_large", status: .contentTooLarge) }
        guard let claim = unsubscribeClaim(token) else { return errorPage("invalid", status: .badRequest) }
        do {
            try store.unsubscribe(claim.email, source: .web, now: now())
        } catch StoreError.unknownSubscriber {
            // Erased or never there: nothing to stop, and the answer says the same.
        }
        return page("unsubscribed")
    }

    // MARK: Archive

    static func day(_ date: Date) -> String { UTCFormat.string(date, "d MMMM yyyy") }

    func archive() throws -> Response {
        let issues = try store.issues().map { issue -> [String: Any] in
            ["subject": issue.subject, "url": baseURL + "/archive/" + PercentEncoding.encode(issue.id), "date": Self.day(issue.created)]
        }
        return page("archive", ["issues": issues])
    }

    /// The digest as sent, with the personal parts taken out: a generic greeting, no
    /// address, and no unsubscribe token.
    func archivedIssue(_ id: String) throws -> Response {
        guard let issue = try store.issue(id: id) else { return errorPage("not_found", status: .notFound) }
        let html = PersonalizedText(rendered: issue.html).fill([
            .greetingName: Recipient(email: "").greetingName, .email: "", .unsubscribeURL: baseURL + "/subscribe",
        ], html: true)
        return Self.html(html)
    }

    func archiveFeed() throws -> Response {
        let issues = try store.issues()
        let f = ISO8601DateFormatter()
        let updated = issues.first.map { f.string(from: $0.created) } ?? f.string(from: Date(timeIntervalSince1970: 0))
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title>\(HTMLEscape.text(settings.identity.name))</title>
              <id>\(HTMLEscape.text(baseURL + "/archive"))</id>
              <link rel="alternate" type="text/html" href="\(HTMLEscape.text(baseURL + "/archive"))"/>
              <link rel="self" type="application/atom+xml" href="\(HTMLEscape.text(baseURL + "/archive/feed.xml"))"/>
              <updated>\(updated)</updated>
              <author><name>\(HTMLEscape.text(settings.identity.name))</name></author>

            """
        for issue in issues {
            let url = baseURL + "/archive/" + PercentEncoding.encode(issue.id)
            xml += """
                  <entry>
                    <title>\(HTMLEscape.text(issue.subject))</title>
                    <id>\(HTMLEscape.text(url))</id>
                    <link rel="alternate" type="text/html" href="\(HTMLEscape.text(url))"/>
                    <published>\(f.string(from: issue.created))</published>
                    <updated>\(f.string(from: issue.finished ?? issue.created))</updated>
                  </entry>

                """
        }
        xml += "</feed>\n"
        return Self.html(xml, type: "application/atom+xml; charset=utf-8")
    }
}
