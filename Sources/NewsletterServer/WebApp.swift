import Foundation
import HTTPTypes
import Hummingbird
import ServiceLifecycle
import HummingbirdCore
import Logging
import NewsletterCore
import NIOCore

/// The subscriber-facing web endpoints of SPEC.md, over the subscription use cases and the
/// issue ledger. `router()` is the whole app, for the server and for in-process tests.
public final class WebApp: Sendable {
    let subscriptions: SubscriptionService
    let issues: any IssueArchive & IssueStatistics & IssueDrafts & MessageSchedule & IssueQueueing
    /// The consent log summed up, for the report.
    let history: any ListHistory
    let templates: TemplateSet
    public let settings: WebSettings
    let now: @Sendable () -> Date
    let logger: Logger
    /// Bounces and complaints from the email services' webhooks go through the inbox's policy.
    let inbox: InboxProcessor?
    /// GETs an https URL (an SNS certificate, a subscription confirmation).
    let fetch: @Sendable (String) async throws -> Data
    /// Which clicks count: not scanners', and a client's repeat once.
    let clickFilter = ClickFilter()
    /// What `/metrics` shows.
    public let metrics = ServerMetrics()
    /// Wrong admin tokens, per client.
    let adminFailures = FailureThrottle()
    /// The overview's counts and report, and the next digest's, for a minute.
    let listFigures = TimedCache<ListFigures>(maxAge: 90)
    let nextDigestFigures = TimedCache<NextDigest>(maxAge: 60)
    /// The last deliverability check the settings page ran, for the overview.
    let lastChecks = TimedCache<[CheckResult]>(maxAge: 86_400)
    /// Failed console sign-ins, per client (accounts also lock in the store).
    let consoleFailures = FailureThrottle(limit: 20, window: 900)
    /// The console's sign-in and sessions; nil serves no console.
    let consoleAccess: ConsoleAccess?
    /// The send use case and the preview, for the console.
    let sending: ConsoleSending?
    /// The subscribers as the console reads and changes them.
    let people: (any SubscriberDirectory & SubscriberSearch & SubscriptionChanges & SubscriberImports)?

    public init(subscriptions: SubscriptionService, issues: any IssueArchive & IssueStatistics & IssueDrafts & MessageSchedule & IssueQueueing, history: any ListHistory, settings: WebSettings,
                now: @escaping @Sendable () -> Date = Date.init, logger: Logger = Logger(label: "newsletter.serve"),
                inbox: InboxProcessor? = nil, fetch: @escaping @Sendable (String) async throws -> Data = { url in throw WebhookError.unsigned("No HTTP client to fetch \(url).") },
                console: ConsoleAccess? = nil, people: (any SubscriberDirectory & SubscriberSearch & SubscriptionChanges & SubscriberImports)? = nil,
                sending: ConsoleSending? = nil) {
        self.sending = sending
        consoleAccess = console
        self.people = people
        self.inbox = inbox
        self.fetch = fetch
        self.subscriptions = subscriptions
        self.issues = issues
        self.history = history
        templates = subscriptions.templates
        self.settings = settings
        self.now = now
        self.logger = logger
    }

    /// The Hummingbird application on `host:port`; `onListening` gets the bound port (useful with port 0).
    public func buildApplication(host: String, port: Int, onListening: @escaping @Sendable (Int) -> Void = { _ in }) -> some ApplicationProtocol {
        let cap = ConnectionCap.Count(limit: settings.maxConnections, logger: logger)
        let http1 = HTTP1Channel.Configuration(additionalChannelHandlers: [ConnectionCap(cap)],
                                               idleTimeout: .milliseconds(Int64(settings.idleTimeout * 1000)))
        return Application(
            router: router(), server: .http1(configuration: http1), configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) },
            logger: { var l = Logger(label: "newsletter.hummingbird"); l.logLevel = .warning; return l }())
    }

    /// Serves until SIGTERM or SIGINT, then finishes the requests in progress and returns.
    public func run(host: String, port: Int, onListening: @escaping @Sendable (Int) -> Void) async throws {
        // What editors approved, and messages whose time came, go out from here, checked every minute.
        let approvals = sending != nil || consoleAccess != nil ? Task {
            while !Task.isCancelled {
                await refreshListFigures()
                await sendApprovedDrafts()
                try? await Task.sleep(for: .seconds(60))
            }
        } : nil
        defer { approvals?.cancel() }
        let main = buildApplication(host: host, port: port, onListening: onListening)
        guard let listen = settings.metricsListen else { return try await main.runService() }
        // `/metrics` without a token on its own address (a local Prometheus), both stopped
        // together on SIGTERM.
        let metrics = self.metrics
        let router = Router()
        router.get("/metrics") { _, _ in WebApp.metricsResponse(metrics) }
        let side = Application(router: router, configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: nil),
                               logger: { var l = Logger(label: "newsletter.metrics"); l.logLevel = .warning; return l }())
        let group = ServiceGroup(services: [main, side], gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger)
        try await group.run()
    }

    public func router() -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.middlewares.add(PageMiddleware(app: self))
        router.get("/healthz") { _, _ in try await self.health() }
        router.get("/subscribe") { _, _ in self.subscribeForm() }
        router.post("/subscribe") { request, context in try await self.subscribe(request, context: context) }
        router.get("/confirm/:token") { _, context in try await self.confirmPage(context.parameters.get("token") ?? "") }
        router.post("/confirm/:token") { request, context in try await self.confirm(request, token: context.parameters.get("token") ?? "", context: context) }
        router.get("/unsubscribe/:token") { _, context in self.unsubscribePage(context.parameters.get("token") ?? "") }
        router.post("/unsubscribe/:token") { request, context in try await self.unsubscribe(request, token: context.parameters.get("token") ?? "") }
        router.get("/preferences/:token") { _, context in try await self.preferencesPage(context.parameters.get("token") ?? "") }
        router.post("/preferences/:token") { request, context in
            try await self.savePreferences(request, token: context.parameters.get("token") ?? "", context: context)
        }
        router.on("/r/:issue/:link/:sig", method: .get) { request, context in
            try await self.click(request, context: context, issue: context.parameters.get("issue") ?? "", link: context.parameters.get("link") ?? "",
                                 signature: context.parameters.get("sig") ?? "")
        }
        router.on("/r/:issue/:link/:sig", method: .head) { request, context in
            try await self.click(request, context: context, issue: context.parameters.get("issue") ?? "", link: context.parameters.get("link") ?? "",
                                 signature: context.parameters.get("sig") ?? "")
        }
        router.get("/admin/report") { request, context in try await self.adminReport(request, context: context) }
        router.get("/metrics") { request, context in try await self.metricsPage(request, context: context) }
        addConsoleRoutes(router)
        router.get("/archive") { _, _ in try await self.archive() }
        router.get("/archive/feed.xml") { _, _ in try await self.archiveFeed() }
        router.get("/archive/:issue") { _, context in try await self.archivedIssue(context.parameters.get("issue") ?? "") }
        router.post("/webhooks/:provider") { request, context in try await self.webhook(request, provider: context.parameters.get("provider") ?? "") }
        return router
    }

    // MARK: Pages

    var baseURL: String { settings.identity.baseURL }

    /// What every page draws on.
    var frame: PageFrame { PageFrame(identity: settings.identity) }

    func page(_ content: PageContent, status: HTTPResponse.Status = .ok) -> Response {
        Self.html(templates.page(content, frame: frame), status: status)
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
    func errorPage(_ kind: WebPage.Failure, status: HTTPResponse.Status) -> Response {
        page(.error(kind), status: status)
    }

    func health() async throws -> Response {
        guard await subscriptions.storeIsReadable() else {
            return Self.html("the store cannot be read\n", status: .serviceUnavailable, type: "text/plain; charset=utf-8")
        }
        return Self.html("ok\n", type: "text/plain; charset=utf-8")
    }

    func subscribeForm(email: String = "", name: String = "", problem: PageContent.SubscribeProblem? = nil, status: HTTPResponse.Status = .ok) -> Response {
        page(.subscribe(email: email, name: name, problem: problem, topics: PageContent.TopicChoice.list(settings.topics, followed: [])), status: status)
    }
}
