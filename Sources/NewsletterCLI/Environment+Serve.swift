import Foundation
import Logging
import NewsletterCore
import NewsletterServer

extension Environment {
    /// The web app's parts from the settings and the real adapters: templates, secret,
    /// transport and DKIM keys are read once; each email gets the time it is sent.
    func webParts() throws -> WebApp.Parts {
        let stores = try stores()
        let identity = mailIdentity()
        var web = WebSettings(identity: identity)
        if let limit = settings.subscribeLimit { web.subscribeLimit = limit }
        web.topics = settings.topics
        web.metricsListen = settings.metricsListen
        if let idle = settings.serveIdleTimeout { web.idleTimeout = idle }
        if let cap = settings.serveMaxConnections { web.maxConnections = cap }
        web.trustProxy = settings.trustProxy
        web.mailgunSigningKey = settings.mailgunWebhookKey
        web.postmarkPassword = settings.postmarkWebhookPassword
        web.sendgridPublicKey = settings.sendgridWebhookKey
        web.sesTopicARN = settings.sesTopicARN
        web.adminToken = settings.adminToken
        web.clickTracking = settings.clickTracking
        web.review = settings.review
        web.snsCertificateDirectory = (stateDirectory as NSString).appendingPathComponent("sns-certs")
        var parts = WebApp.Parts(subscribers: stores.subscribers, issues: stores.issues, identity: identity, templates: try templates(),
                                 secret: try tokenSecret(), transport: transport(), settings: web)
        parts.signers = try dkimSigners()
        parts.console = stores.console
        parts.bounceAddress = settings.bounceAddress
        parts.softBounceLimit = settings.softBounceLimit
        parts.trust = settings.inboxTrust
        parts.now = clock
        parts.logger = Logger(label: "newsletter.serve")
        parts.logger.logLevel = .info
        let client = httpClient()
        parts.fetch = { url in
            let response = try await client.send(HTTPClientRequest(url: url, timeout: 15, maxBodyBytes: 256 * 1024, maxRedirects: 0))
            guard (200..<300).contains(response.status) else { throw CLIError("\(url) answered HTTP \(response.status).") }
            return response.body
        }
        parts.sending = consoleSending(stores)
        return parts
    }

    /// The console sends as `newsletter send` does: the same parts, the same lock, the
    /// same ledger; it previews as `newsletter preview` does.
    func consoleSending(_ stores: Stores) -> ConsoleSending {
        let env = self
        var sending = ConsoleSending(
            run: { request, events in
                var lock: SendLock?
                if !(stores.issues is any WorkerLeases), request.testTo == nil, !request.dryRun {
                    guard let taken = SendLock(path: env.databasePath + ".send.lock") else {
                        throw CLIError("A send is already running (newsletter send from cron, or another console send); try again when it has finished.")
                    }
                    lock = taken
                }
                defer { lock?.release() }
                return try await SendIssue(env.sendParts(stores, .init(), console: Console()), events: events).run(request)
            },
            preview: { message, recipient in
                try PreviewIssue(composer: try env.composer(identity: env.mailIdentity()), feedName: "").render(message, for: recipient, now: env.now)
            },
            previewDraft: { draft, recipient in
                let feed = try await env.readFeed(flag: nil, console: Console())
                let source = env.feedSource(flag: nil)
                return try PreviewIssue(composer: try env.composer(identity: env.identity(for: feed, source: source)), feedName: source.description)
                    .render(feed: feed, postIDs: draft.kept, kind: draft.kind, for: recipient, now: env.now)
            })
        sending.nextDigest = { recipient in
            let feed = try await env.readFeed(flag: nil, console: Console())
            let posts = try await SendPlanner.nextDigestPosts(feed: feed, ledger: stores.issues, now: env.now)
            let source = env.feedSource(flag: nil)
            let preview = try PreviewIssue(composer: try env.composer(identity: env.identity(for: feed, source: source)), feedName: source.description)
                .render(feed: feed, postIDs: posts.map(\.id), kind: .digest, for: recipient, now: env.now)
            return NextDigest(posts: posts, readers: try await stores.issues.audienceCount(.digest, now: env.now), preview: preview)
        }
        sending.checks = { try await env.deliverabilityReport(eml: nil, offline: false, console: Console()).checks }
        sending.settings = { SettingsReport.lines(env.settings) }
        return sending
    }
}
