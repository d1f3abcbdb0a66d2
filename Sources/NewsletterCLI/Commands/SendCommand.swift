import ArgumentParser
import Crypto
import Foundation
import NewsletterCore
import NewsletterDelivery
import NewsletterStore

/// `newsletter send`: compose the digest of posts not yet sent and deliver it.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Compose the digest of posts not yet sent and deliver it to every confirmed subscriber.",
        discussion: """
        Safe to run twice at once (the second says a send is running and leaves) and safe to \
        kill at any moment: the next run finishes the issue, and nobody gets it twice. Copies \
        that were in the middle of their SMTP transaction when a send was killed are reported \
        by address and not sent again (they may have arrived). 4xx replies are retried with \
        exponential backoff; 5xx marks the subscriber bounced.

        Examples:
          newsletter send --weekly
          newsletter send --since 14d --dry-run
          newsletter send --test-to me@example.com
        """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Only posts published since WHEN (7d, 2026-11-01).", valueName: "when")) var since: String?
    @Flag(help: "At most one digest per ISO week, and none when nothing is new (what cron runs).") var weekly = false
    @Flag(help: "Render and count, deliver nothing.") var dryRun = false
    @Option(help: ArgumentHelp("Send one copy with a [TEST] subject to this address; no ledger.", valueName: "email")) var testTo: String?
    @Option(help: "Connections sending at once.") var concurrency: Int = 4
    @Option(help: "At most N messages per second.") var rate: Double?

    func validate() throws {
        if since != nil && weekly { throw ValidationError("--since and --weekly cannot be used together.") }
        if let since, TimeSpec.parse(since, now: Date()) == nil {
            throw ValidationError("--since takes a duration such as 7d or a date such as 2026-11-01; '\(since)' is neither.")
        }
        if concurrency < 1 || concurrency > 64 { throw ValidationError("--concurrency must be between 1 and 64, not \(concurrency).") }
        if let rate, rate <= 0 { throw ValidationError("--rate must be a positive number of messages per second.") }
        if let testTo, EmailAddress.parse(testTo) == nil { throw ValidationError("--test-to must be an email address, not '\(testTo)'.") }
    }

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let store = try env.store()
            guard let lock = SendLock(path: env.databasePath + ".send.lock") else {
                console.print("A send is already running (lock \(env.databasePath).send.lock); this one leaves without sending.")
                return
            }
            defer { lock.release() }
            let secret = try env.tokenSecret()
            let signer = try env.dkimSigner()

            var issue = dryRun || testTo != nil ? nil : try store.unfinishedIssue()
            if let resumed = issue {
                console.print("Resuming the issue \(resumed.id) (\"\(resumed.subject)\") that an earlier send did not finish.")
            } else {
                let week = ISOWeek.string(env.now)
                if weekly, let done = try store.issue(inWeek: week), testTo == nil, !dryRun {
                    console.print("The digest for \(week) went out already (issue \(done.id)); nothing to do.")
                    return
                }
                let feed = try await env.readFeed(flag: nil, console: console)
                let source = env.feedSource(flag: nil)
                // Since the last digest (with a week's grace for posts that reached the feed
                // late; those already sent are left out), or the last week for the first one:
                // never the blog's whole history.
                let previous = try store.issues().first?.created
                let cutoff = since.flatMap { TimeSpec.parse($0, now: env.now) } ?? (previous ?? env.now).addingTimeInterval(-7 * 86_400)
                let posts = Digest.selectPosts(from: feed, since: cutoff, until: env.now, excluding: try store.sentPostIDs(), limit: 10)
                guard !posts.isEmpty else {
                    console.print("No new posts since the last digest; nothing to send.")
                    return
                }
                let identity = try env.identity(for: feed, source: source)
                let issueID = try Self.issueID(for: env.now, store: store)
                let digest = Digest(issueID: issueID, date: env.now, posts: posts, identity: identity)
                let rendered = DigestRenderer(templates: try env.templates(), shareSettings: env.shareSettings()).render(digest)
                for warning in rendered.warnings { console.warning(warning) }
                if let testTo {
                    try await sendTest(to: testTo, rendered: rendered, identity: identity, env: env, secret: secret, signer: signer, console: console)
                    return
                }
                if dryRun {
                    let confirmed = try store.counts()[.confirmed] ?? 0
                    console.print("Dry run: \"\(rendered.subject)\" with \(posts.count) post\(posts.count == 1 ? "" : "s") would go to \(confirmed) confirmed subscriber\(confirmed == 1 ? "" : "s"); nothing was sent.")
                    return
                }
                let record = IssueRecord(id: issueID, created: env.now, week: week, subject: rendered.subject, html: rendered.html.rendered,
                                         text: rendered.text.rendered, postIDs: posts.map(\.id), identity: identity)
                let queued = try store.createIssue(record)
                console.print("Sending \"\(rendered.subject)\" (issue \(issueID), \(posts.count) post\(posts.count == 1 ? "" : "s")) to \(queued) confirmed subscriber\(queued == 1 ? "" : "s").")
                issue = record
            }
            guard let issue else { return }
            let identity = issue.identity
            var options = SendOptions()
            options.concurrency = concurrency
            options.rate = rate
            if let base = env.variables["NEWSLETTER_RETRY_BASE"].flatMap(Double.init) { options.retryBase = base }
            if let wait = env.variables["NEWSLETTER_RETRY_WAIT"].flatMap(Double.init) { options.maxWait = wait }
            if let cap = env.setting("NEWSLETTER_HOURLY_CAP", config: "smtp.hourly_cap").flatMap(Int.init) { options.hourlyCap = cap }
            let progress = ProgressLine(enabled: isatty(2) == 1)
            var onProgress: (@Sendable (DeliveryCounts) -> Void)?
            if isatty(2) == 1 {
                onProgress = { counts in progress.show(counts) }
            }
            let runner = SendRunner(store: store, sink: try env.deliverySink(), options: options, identity: identity, secret: secret, signer: signer,
                                    envelopeSender: env.setting("NEWSLETTER_BOUNCE_ADDRESS", config: "bounce_address") ?? identity.from.address,
                                    progress: onProgress)
            let summary = try runner.run(issue: issue) { inFlight in
                console.warning("\(inFlight.count) cop\(inFlight.count == 1 ? "y was" : "ies were") in flight when the earlier send stopped; they may have arrived and are not sent again: \(inFlight.joined(separator: ", "))")
            }
            progress.finish()
            let rate = summary.seconds > 0 ? Double(summary.sent) / summary.seconds : 0
            console.print(String(format: "Sent %d, bounced %d, failed %d, deferred %d, skipped %d (in flight earlier) in %.1f s (%.0f messages/s).",
                                 summary.sent, summary.bounced, summary.failed, summary.deferred, summary.inFlight.count, summary.seconds, rate))
            if summary.deferred > 0 {
                console.print("\(summary.deferred) deferred cop\(summary.deferred == 1 ? "y is" : "ies are") left for the next run of newsletter send.")
            }
            if summary.failed > 0 { throw ExitCode(2) }
        }
    }

    /// `2026-11-29`, or `2026-11-29-2` for a second issue the same day.
    static func issueID(for date: Date, store: SQLiteSubscriberStore) throws -> String {
        let day = String(ISODate.string(date).prefix(10))
        var id = day
        var n = 2
        while try store.issue(id: id) != nil {
            id = "\(day)-\(n)"
            n += 1
        }
        return id
    }

    private func sendTest(to address: String, rendered: RenderedDigest, identity: NewsletterIdentity, env: Environment, secret: SymmetricKey,
                          signer: DKIMSigner?, console: Console) async throws {
        let recipient = EmailAddress.parse(address)!
        var test = rendered
        test.subject = "[TEST] " + rendered.subject
        let token = SubscriberToken(purpose: .unsubscribe, email: recipient.address, expires: nil).signed(with: secret)
        var bytes = DigestMessage(identity: identity, rendered: test).message(
            for: Recipient(email: recipient.address, name: recipient.name), token: token, envelope: .random(domain: identity.from.domain, date: env.now)).render()
        if let signer { bytes = try signer.sign(bytes, timestamp: Int(env.now.timeIntervalSince1970)) }
        let (transport, description) = try env.transport()
        try await transport.send(OutgoingMessage(sender: identity.from.address, recipients: [recipient.address], data: bytes))
        console.print("Sent a test copy of \"\(test.subject)\" to \(recipient.address) through \(description); the ledger is unchanged.")
    }
}
