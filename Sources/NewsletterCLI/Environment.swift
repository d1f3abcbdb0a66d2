import Crypto
import Foundation
import Logging
import NewsletterCore
import NewsletterDelivery
import NewsletterHTTP
import NewsletterPostgres
import NewsletterServer
import NewsletterStore

/// The composition root: the settings, read once, and the real adapters built from them.
struct Environment {
    let settings: Settings
    let logger: Logger
    /// The stores this command opened, each once.
    let openStores = OpenStores()

    /// Reads the settings (flags, environment, config file, defaults) and starts logging.
    static func load(_ options: GlobalOptions, variables: [String: String] = ProcessInfo.processInfo.environment) throws -> Environment {
        let settings = try Settings.load(options, environment: variables)
        LoggingSetup.bootstrap(level: settings.logLevel)
        return Environment(settings: settings, logger: Logger(label: "newsletter"))
    }

    /// The time the command runs at.
    var now: Date { settings.fixedNow ?? Date() }
    /// The clock for long-running work (a send, `serve`): the real one, or under
    /// `NEWSLETTER_NOW` that moment moving on at the real clock's pace, so that retries
    /// fall due and tokens age as they would.
    var clock: @Sendable () -> Date {
        guard let fixed = settings.fixedNow else { return { Date() } }
        let start = DispatchTime.now().uptimeNanoseconds
        return { fixed.addingTimeInterval(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
    }

    var databasePath: String { settings.databasePath }
    /// True when `NEWSLETTER_DB` is a `postgres://` URL.
    var isPostgres: Bool { PostgresURL.isPostgres(databasePath) }

    /// The folder for what lives beside the store on this machine (the token secret, the
    /// feed cache, send journals and locks, SNS certificates, DKIM keys): the SQLite file's
    /// folder, or `Subscribers` with PostgreSQL.
    var stateDirectory: String {
        if isPostgres { return "Subscribers" }
        let folder = (databasePath as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// Whether the store exists already (a PostgreSQL database always does).
    var storeExists: Bool { isPostgres || FileManager.default.fileExists(atPath: databasePath) }

    // MARK: Feed

    func feedSource(flag: String?) -> FeedSource {
        flag.map(FeedSource.init) ?? settings.feed
    }

    /// Feed validators and bodies are kept beside the store.
    var feedCacheDirectory: URL {
        URL(fileURLWithPath: stateDirectory, isDirectory: true).appendingPathComponent("feed-cache", isDirectory: true)
    }

    func httpClient() -> CurlHTTPClient {
        CurlHTTPClient(userAgent: NewsletterVersion.userAgent, logger: Logger(label: "newsletter.http"))
    }

    func feedLoader() -> FeedLoader {
        FeedLoader(client: httpClient(), cacheDirectory: feedCacheDirectory, timeout: settings.feedTimeout, now: now)
    }

    /// Loads and parses the feed, printing diagnostics as warnings on stderr.
    func readFeed(flag: String?, console: Console) async throws -> Feed {
        let source = feedSource(flag: flag)
        let document = try await feedLoader().load(source)
        let result = try FeedParser.parse(document.data, source: source.description, url: document.url, contentType: document.contentType)
        console.warnings(result.diagnostics.map(\.description), about: source.description)
        return result.feed
    }

    // MARK: Identity, templates, keys

    /// The newsletter's identity from settings, falling back on what the feed says.
    func identity(for feed: Feed, source: FeedSource) -> NewsletterIdentity {
        let isSample = source == .sample
        let name = settings.name ?? (feed.title.isEmpty ? "Newsletter" : feed.title)
        let from: EmailAddress
        if let configured = settings.from {
            from = configured
        } else if isSample {
            from = SampleBlog.from
        } else {
            let host = feed.homePage.flatMap { URLResolver.split($0).authority }.map(UTM.host) ?? "localhost"
            from = EmailAddress("newsletter@" + host, name: name)
        }
        return NewsletterIdentity(
            name: name, from: from, replyTo: settings.replyTo, blogURL: feed.homePage, baseURL: settings.baseURL,
            postalAddress: settings.postalAddress ?? (isSample ? SampleBlog.postalAddress : name),
            language: feed.language.map { String($0.prefix(2)).lowercased() } ?? "en", feedbackID: settings.feedbackID,
            unsubscribeMailbox: settings.bounceAddress)
    }

    /// The identity for emails outside a digest: from the feed's settings, without fetching it.
    func mailIdentity() -> NewsletterIdentity {
        let source = feedSource(flag: nil)
        let feed = Feed(format: .rss20, title: source == .sample ? "Harbor Light Counseling" : "", homePage: nil, posts: [])
        return identity(for: feed, source: source)
    }

    /// The user's templates over the defaults.
    func templates() throws -> TemplateSet {
        var files: [String: String] = [:]
        let folder = settings.templatesDirectory
        for name in TemplateSet.fileNames {
            if let data = FileManager.default.contents(atPath: folder + "/" + name) { files[name] = String(decoding: data, as: UTF8.self) }
        }
        return try TemplateSet(files: files, folder: folder)
    }

    /// `secret.key` beside the store.
    var secretPath: String {
        stateDirectory == "." ? "secret.key" : stateDirectory + "/secret.key"
    }

    /// The key for signing tokens: the configured secret, else `secret.key` beside the store,
    /// created with mode 0600 on first use. A key file that is short, or that other users
    /// can read, is refused: anyone who has it can sign unsubscribe and confirm links.
    func tokenSecret() throws -> SymmetricKey {
        if let secret = settings.secret { return SymmetricKey(data: Data(secret.utf8)) }
        let path = secretPath
        if let data = FileManager.default.contents(atPath: path), !data.isEmpty {
            guard data.count >= Settings.minimumSecretBytes else {
                throw CLIError("The token secret \(path) holds \(data.count) byte\(data.count == 1 ? "" : "s"); it needs at least \(Settings.minimumSecretBytes) (remove it to have a new one made, which ends the links in mail already sent).")
            }
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
                throw CLIError("The token secret \(path) can be read by other users (mode \(String(info.st_mode & 0o777, radix: 8))); make it private with: chmod 600 \(path)")
            }
            return SymmetricKey(data: data)
        }
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw CLIError("The token secret \(path) cannot be created.")
        }
        return key
    }

    /// One DKIM signer per configured selector and key; none when signing is off.
    func dkimSigners() throws -> [DKIMSigner] {
        if let problem = settings.dkimIncomplete { throw CLIError(problem) }
        guard let dkim = settings.dkim else { return [] }
        return try zip(dkim.selectors, dkim.keyPaths).map { selector, path in
            guard let pem = FileManager.default.contents(atPath: path) else {
                throw CLIError("The DKIM key \(path) (\(SettingKey.dkimKey)) cannot be read.")
            }
            let key = try DKIMKey(pem: String(decoding: pem, as: UTF8.self), source: "The DKIM key \(path)")
            return DKIMSigner(domain: dkim.domain, selector: selector, key: key)
        }
    }

    /// The composer of this newsletter's issues.
    func composer(identity: NewsletterIdentity) throws -> IssueComposer {
        var composer = IssueComposer(identity: identity, templates: try templates(), shareSettings: settings.share, secret: try tokenSecret(),
                                     signers: try dkimSigners())
        composer.clickTracking = settings.clickTracking
        return composer
    }

    /// Each copy's envelope sender: VERP on the bounce address when one is set (SPEC), else
    /// the From address for every copy.
    func envelopeSender(fallback: String) throws -> EnvelopeSender {
        guard let base = settings.bounceAddress else { return .fixed(fallback) }
        return .verp(base: base, secret: try tokenSecret())
    }

    // MARK: Store

    /// The store's adapters, over one database.
    struct Stores {
        let subscribers: any SubscriberStore
        let issues: any IssueLedger
        let social: any SocialLedger
        let console: any ConsoleAccounts & ConsoleSessions
        /// Where send journals live.
        let journalDirectory: String
    }

    func stores() throws -> Stores {
        if isPostgres {
            let store = try openStores.postgres(databasePath, password: settings.databasePassword, leaseSeconds: settings.leaseSeconds)
            // Each process journals apart: on a shared store a dead worker's copies come back
            // through its lease, not through another process reading its journal.
            return Stores(subscribers: store.subscribers, issues: store.issues, social: store.social, console: store.console,
                          journalDirectory: stateDirectory + "/send-journal/" + store.workerName)
        }
        let store = try openStores.sqlite(databasePath)
        return Stores(subscribers: store.subscribers, issues: store.issues, social: store.social, console: store.console,
                      journalDirectory: store.journalDirectory)
    }

    // MARK: Transports

    /// The transport for single emails: SMTP (a connection per message) when configured, else the outbox.
    func transport() -> any MailTransport {
        if let smtp = settings.smtp { return CurlSMTPTransport(settings: smtp) }
        return MaildirTransport(directory: URL(fileURLWithPath: settings.outboxDirectory, isDirectory: true), connections: 1, name: settings.outboxDirectory)
    }

    /// The transport for an issue: `connections` reused SMTP connections, or the outbox.
    func bulkTransport(connections: Int) -> any MailTransport {
        if let smtp = settings.smtp { return SMTPPoolTransport(settings: smtp, connections: connections) }
        return MaildirTransport(directory: URL(fileURLWithPath: settings.outboxDirectory, isDirectory: true), connections: connections,
                                name: settings.outboxDirectory)
    }

    /// The subscription use cases over the store and the mailer, read once.
    func subscriptions(_ stores: Stores) throws -> SubscriptionService {
        let mailer = TransactionalMailer(identity: mailIdentity(), templates: try templates(), secret: try tokenSecret(), transport: transport(),
                                         signers: try dkimSigners())
        return SubscriptionService(store: stores.subscribers, mailer: mailer)
    }

    /// Who may use the console, over the store.
    func consoleAccess(_ stores: Stores) throws -> ConsoleAccess {
        ConsoleAccess(store: stores.console, hasher: BcryptHasher(), secret: try tokenSecret())
    }

    // MARK: Inbox

    /// Attribution and policy for received reports, over the store.
    func inboxProcessor() throws -> InboxProcessor {
        let stores = try stores()
        return InboxProcessor(store: stores.subscribers, ledger: stores.issues, secret: try tokenSecret(),
                              bounceAddress: settings.bounceAddress, softLimit: settings.softBounceLimit, trust: settings.inboxTrust)
    }

    /// The mailbox a source names: imap(s)://, pop3(s)://, or a Maildir path.
    func mailbox(_ source: String) throws -> any Mailbox {
        let lower = source.lowercased()
        if ["imap://", "imaps://", "pop3://", "pop3s://"].contains(where: { lower.hasPrefix($0) }) {
            do {
                return try CurlMailbox(url: source, password: settings.inboxPassword, caFile: settings.inboxCAFile)
            } catch let error as MailboxError {
                throw CLIError(error.description)
            }
        }
        if lower.contains("://") {
            throw CLIError("The inbox '\(source)' must start with imap://, imaps://, pop3:// or pop3s://, or be a Maildir path.")
        }
        return MaildirMailbox(directory: URL(fileURLWithPath: source, isDirectory: true))
    }
}
