import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NewsletterCore
import NewsletterDelivery
import NewsletterServer
import NewsletterStore
import NIOCore
import NIOEmbedded

/// Held while a send runs, like `newsletter send`'s lock file.
final class SendFlag: @unchecked Sendable {
    struct Busy: Error, CustomStringConvertible {
        var description: String { "A send is already running; try again when it has finished." }
    }

    private let lock = NSLock()
    private var held = false
    func take() -> Bool { lock.withLock { held ? false : { held = true; return true }() } }
    func release() { lock.withLock { held = false } }
}

/// A clock a test moves.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date
    init(_ start: Date) { value = start }
    var now: Date { lock.withLock { value } }
    func advance(_ seconds: TimeInterval) { lock.withLock { value += seconds } }
}

/// The web app driven in process: the real router over a real SQLite store and the outbox
/// transport in a temporary folder, requests handed straight to its responder.
struct WebHarness {
    static let now = Date(timeIntervalSince1970: 1_795_770_000) // 2026-11-27T09:00:00Z
    static let identity = NewsletterIdentity(name: "Harbor Light Counseling", from: SampleBlog.from, blogURL: "https://www.harborlightclinic.example/blog/",
                                             baseURL: "https://news.harborlightclinic.example", postalAddress: SampleBlog.postalAddress)
    static let secret = SymmetricKey(data: Data("web-secret".utf8))

    let dir: URL
    let store: SQLiteStore
    let responder: RouterResponder<WebContext>
    /// The app's clock, which a test may move.
    let clock: TestClock
    /// What the console sends with; tests also run it as cron would.
    let sending: ConsoleSending
    /// The console's users and sessions over the same store (bcrypt at its lowest cost).
    let console: ConsoleAccess

    /// A response as a browser sees it.
    struct Answer {
        var status: Int
        var headers: HTTPFields
        var text: String

        func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
    }

    init(subscribeLimit: Int = 5, now: Date = WebHarness.now, configure: (inout WebSettings) -> Void = { _ in },
         fetch: @escaping @Sendable (String) async throws -> Data = { url in throw URLError(.cannotConnectToHost, userInfo: ["url": url]) }) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("web-\(UUID().uuidString)")
        store = try SQLiteStore(path: dir.appendingPathComponent("n.sqlite").path)
        let outbox = MaildirTransport(directory: dir.appendingPathComponent("Outbox"), connections: 1, name: "Outbox")
        var settings = WebSettings(identity: Self.identity)
        settings.subscribeLimit = subscribeLimit
        settings.snsCertificateDirectory = dir.appendingPathComponent("sns-certs").path
        configure(&settings)
        var parts = WebApp.Parts(subscribers: store.subscribers, issues: store.issues, identity: Self.identity, templates: try TemplateSet(),
                                 secret: Self.secret, transport: outbox, settings: settings)
        let clock = TestClock(now)
        self.clock = clock
        parts.now = { clock.now }
        parts.fetch = fetch
        parts.console = store.console
        sending = Self.sending(store: store, outbox: outbox, dir: dir, clock: clock)
        parts.sending = sending
        parts.passwordHasher = BcryptHasher(cost: 4)
        console = ConsoleAccess(store: store.console, hasher: BcryptHasher(cost: 4), secret: Self.secret)
        let app = WebApp(parts)
        responder = app.router().buildResponder()
    }

    /// The send use case over the harness's store and outbox, with the sample blog as the feed.
    static func sending(store: SQLiteStore, outbox: MaildirTransport, dir: URL, clock: TestClock) -> ConsoleSending {
        let composer = IssueComposer(identity: identity, templates: try! TemplateSet(), secret: secret)
        // One send at a time on a SQLite store, as `newsletter send`'s lock file makes it.
        let lock = SendFlag()
        var sending = ConsoleSending(
            run: { request, events in
                let locking = request.testTo == nil && !request.dryRun
                if locking {
                    guard lock.take() else { throw SendFlag.Busy() }
                }
                defer { if locking { lock.release() } }
                var parts = SendIssue.Parts(
                    ledger: store.issues, feedName: "the sample blog",
                    readFeed: { try FeedParser.parse(Data(SampleBlog.feedXML.utf8), source: "sample", url: SampleBlog.feedURL).feed },
                    identity: { _ in identity }, composer: { _ in composer }, failingChecks: { _ in [] }, checksStop: false,
                    deliver: { issue, composed, inFlight in
                        let runner = SendRunner(ledger: store.issues, transport: outbox, journalDirectory: dir.appendingPathComponent("journal").path,
                                                options: SendOptions(), envelopeSender: .fixed(issue.identity.from.address), clock: { clock.now })
                        return try await runner.run(issue: issue, composed: composed, recovered: inFlight)
                    },
                    sendTest: { composed, recipient in
                        let bytes = try composed.bytes(for: Recipient(email: recipient.address, name: recipient.name), date: clock.now)
                        try await outbox.send(OutgoingMessage(sender: identity.from.address, recipients: [recipient.address], data: bytes))
                        return outbox.description
                    },
                    now: clock.now)
                parts.notifyReviewers = { draft, posts in
                    let editors = try await store.console.consoleUsers().filter { $0.role.allows(.editor) && $0.isEnrolled }
                    for editor in editors {
                        let bytes = ReviewNotice.message(draft, titles: posts.map(\.title), identity: identity, to: editor.email, now: clock.now).render()
                        try await outbox.send(OutgoingMessage(sender: identity.from.address, recipients: [editor.email], data: bytes))
                    }
                    return editors.map(\.email)
                }
                return try await SendIssue(parts, events: events).run(request)
            },
            preview: { message, recipient in try PreviewIssue(composer: composer, feedName: "").render(message, for: recipient, now: clock.now) },
            previewDraft: { draft, recipient in
                let feed = try FeedParser.parse(Data(SampleBlog.feedXML.utf8), source: "sample", url: SampleBlog.feedURL).feed
                return try PreviewIssue(composer: composer, feedName: "").render(feed: feed, postIDs: draft.kept, kind: draft.kind, for: recipient, now: clock.now)
            })
        sending.nextDigest = { recipient in
            let feed = try FeedParser.parse(Data(SampleBlog.feedXML.utf8), source: "sample", url: SampleBlog.feedURL).feed
            let posts = try await SendPlanner.nextDigestPosts(feed: feed, ledger: store.issues, now: clock.now)
            let preview = try PreviewIssue(composer: composer, feedName: "").render(feed: feed, postIDs: posts.map(\.id), kind: .digest, for: recipient, now: clock.now)
            return NextDigest(posts: posts, readers: try await store.issues.audienceCount(.digest, now: clock.now), preview: preview)
        }
        sending.checks = { [CheckResult.fail("dns.spf", "No SPF record for clinic.example.", fix: "Publish v=spf1 …"), .pass("config.from", "From is set.")] }
        sending.settings = { [SettingLine(name: "NEWSLETTER_SMTP_PASSWORD", value: "set (hidden)", origin: "environment (NEWSLETTER_SMTP_PASSWORD)")] }
        return sending
    }

    /// Sends one request through the router and collects the answer.
    func request(_ method: HTTPRequest.Method, _ path: String, body: String = "", type: String? = nil,
                 headers: [String: String] = [:]) async throws -> Answer {
        var fields = HTTPFields()
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        if let type { fields[.contentType] = type }
        fields[.userAgent] = "WebHarness"
        let head = HTTPRequest(method: method, scheme: "http", authority: "127.0.0.1", path: path, headerFields: fields)
        let request = Request(head: head, body: RequestBody(buffer: ByteBuffer(string: body)))
        let context = WebContext(source: ApplicationRequestContextSource(channel: EmbeddedChannel(), logger: Logger(label: "test")))
        let response = try await responder.respond(to: request, context: context)
        let collector = Collector()
        try await response.body.write(collector)
        return Answer(status: Int(response.status.code), headers: response.headers, text: String(buffer: collector.buffer))
    }

    func get(_ path: String) async throws -> Answer { try await request(.get, path) }

    func post(_ path: String, form: String) async throws -> Answer {
        try await request(.post, path, body: form, type: "application/x-www-form-urlencoded")
    }

    /// The emails in the outbox, oldest first, waiting up to `seconds` for `count` of them
    /// (confirmation and welcome emails go out in the background).
    func outbox(count: Int = 0, seconds: Double = 30) async throws -> [String] {
        let folder = dir.appendingPathComponent("Outbox/new")
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
            if names.count >= count || Date() > deadline {
                return try names.map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8).replacingOccurrences(of: "=\r\n", with: "") }
            }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
    }

    func confirmToken(_ email: String, expires: Date = WebHarness.now + 86_400) -> String {
        SubscriberToken(purpose: .confirm, email: email, expires: Int(expires.timeIntervalSince1970)).signed(with: Self.secret)
    }

    func preferencesToken(_ email: String) -> String {
        SubscriberToken(purpose: .preferences, email: email, expires: nil).signed(with: Self.secret)
    }

    func unsubscribeToken(_ email: String) -> String {
        SubscriberToken(purpose: .unsubscribe, email: email, expires: nil).signed(with: Self.secret)
    }

    final class Collector: ResponseBodyWriter {
        var buffer = ByteBuffer()
        func write(_ part: ByteBuffer) async throws {
            var part = part
            buffer.writeBuffer(&part)
        }
        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}

/// Golden files of the web pages; `NEWSLETTER_RECORD_GOLDEN=1` writes them anew.
enum WebGolden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let recording = ProcessInfo.processInfo.environment["NEWSLETTER_RECORD_GOLDEN"] != nil

    /// Compares `text`, or writes it when recording; returns a message when they differ.
    static func differs(_ text: String, from name: String) throws -> String? {
        let url = folder.appendingPathComponent(name)
        if recording {
            try Data(text.utf8).write(to: url)
            return nil
        }
        guard let expected = FileManager.default.contents(atPath: url.path) else { return "missing golden file \(name); record with NEWSLETTER_RECORD_GOLDEN=1" }
        return String(decoding: expected, as: UTF8.self) == text ? nil : "\(name) differs from the golden file; if the change is intended, record with NEWSLETTER_RECORD_GOLDEN=1"
    }
}
