import ArgumentParser
import Foundation
import NewsletterCore
import NewsletterDelivery

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
        exponential backoff; 5xx marks the subscriber bounced. Before an SMTP send the \
        offline checks of newsletter check run on the issue, and a failing one stops it \
        (--force sends anyway); the outbox only warns.

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
    @Flag(help: "Send even when a deliverability check (newsletter check --offline) fails.") var force = false

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
            let stores = try env.stores()
            guard let lock = SendLock(path: env.databasePath + ".send.lock") else {
                console.print("A send is already running (lock \(env.databasePath).send.lock); this one leaves without sending.")
                return
            }
            defer { lock.release() }
            let ledger = stores.issues

            if !dryRun, testTo == nil, let resumed = try await ledger.unfinishedIssue() {
                console.print("Resuming the issue \(resumed.id) (\"\(resumed.subject)\") that an earlier send did not finish.")
                let composed = try env.composer(identity: resumed.identity).resume(resumed)
                try preSendCheck(composed, env: env, console: console)
                try await deliver(resumed, composed: composed, env: env, stores: stores, console: console)
                return
            }
            let week = ISOWeek.string(env.now)
            if weekly, testTo == nil, !dryRun, let done = try await ledger.issue(inWeek: week) {
                console.print("The digest for \(week) went out already (issue \(done.id)); nothing to do.")
                return
            }
            let feed = try await env.readFeed(flag: nil, console: console)
            let previous = try await ledger.issues().first?.created
            let cutoff = since.flatMap { TimeSpec.parse($0, now: env.now) } ?? IssueComposer.defaultCutoff(lastIssue: previous, now: env.now)
            let posts = IssueComposer.selectPosts(from: feed, since: cutoff, now: env.now, excluding: try await ledger.sentPostIDs(),
                                                  limit: IssueComposer.postLimit)
            guard !posts.isEmpty else {
                console.print("No new posts since the last digest; nothing to send.")
                return
            }
            let composer = try env.composer(identity: env.identity(for: feed, source: env.feedSource(flag: nil)))
            let issueID = try await Self.issueID(for: env.now, ledger: ledger)
            let composed = composer.compose(issueID: issueID, date: env.now, posts: posts)
            for warning in composed.rendered.warnings { console.warning(warning) }
            if let testTo {
                try preSendCheck(composed, env: env, console: console, warnOnly: true)
                try await sendTest(to: testTo, composed: composed, env: env, console: console)
                return
            }
            if dryRun {
                let confirmed = try await stores.subscribers.counts()[.confirmed] ?? 0
                console.print("Dry run: \"\(composed.subject)\" with \(posts.count) post\(posts.count == 1 ? "" : "s") would go to \(confirmed) confirmed subscriber\(confirmed == 1 ? "" : "s"); nothing was sent.")
                return
            }
            try preSendCheck(composed, env: env, console: console)
            let record = IssueRecord(id: issueID, created: env.now, week: week, subject: composed.subject, html: composed.rendered.html.rendered,
                                     text: composed.rendered.text.rendered, postIDs: posts.map(\.id), identity: composer.identity)
            let queued = try await ledger.createIssue(record)
            console.print("Sending \"\(composed.subject)\" (issue \(issueID), \(posts.count) post\(posts.count == 1 ? "" : "s")) to \(queued) confirmed subscriber\(queued == 1 ? "" : "s").")
            try await deliver(record, composed: composer.resume(record), env: env, stores: stores, console: console)
        }
    }

    /// Runs the send of an issue in the ledger and prints what it did.
    private func deliver(_ issue: IssueRecord, composed: ComposedIssue, env: Environment, stores: Environment.Stores, console: Console) async throws {
        var options = SendOptions()
        options.concurrency = concurrency
        options.rate = rate
        if let base = env.settings.retryBase { options.retryBase = base }
        if let wait = env.settings.retryWait { options.maxWait = wait }
        options.hourlyCap = env.settings.hourlyCap
        let progress = ProgressLine(enabled: isatty(2) == 1)
        let onProgress: (@Sendable (DeliveryCounts) -> Void)? = isatty(2) == 1 ? { @Sendable counts in progress.show(counts) } : nil
        let runner = SendRunner(ledger: stores.issues, transport: env.bulkTransport(connections: concurrency), journalDirectory: stores.journalDirectory,
                                options: options, envelopeSender: try env.envelopeSender(fallback: issue.identity.from.address), clock: env.clock,
                                progress: onProgress)
        let summary = try await runner.run(issue: issue, composed: composed) { inFlight in
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

    /// The offline deliverability checks on one copy of the issue: a failure stops an SMTP
    /// send (unless `--force`); through the outbox, or for a test copy, it only warns.
    private func preSendCheck(_ composed: ComposedIssue, env: Environment, console: Console, warnOnly: Bool = false) throws {
        let copy = try composed.bytes(for: CheckOutput.sampleRecipient(composed.identity), date: env.now)
        let failures = env.offlineChecks(message: copy).failures
        guard !failures.isEmpty else { return }
        let stops = env.settings.smtp != nil && !force && !warnOnly
        for failure in failures {
            let line = "\(failure.id): \(failure.message) Fix: \(failure.fix)"
            if stops { console.error(line) } else { console.warning(line) }
        }
        if stops {
            throw CLIError("The send was stopped by \(failures.count) failing deliverability check\(failures.count == 1 ? "" : "s") (newsletter check lists them all); fix \(failures.count == 1 ? "it" : "them"), or send anyway with --force.")
        }
    }

    /// `2026-11-29`, or `2026-11-29-2` for a second issue the same day.
    static func issueID(for date: Date, ledger: any IssueLedger) async throws -> String {
        let day = String(UTCFormat.iso8601(date).prefix(10))
        var id = day
        var n = 2
        while try await ledger.issue(id: id) != nil {
            id = "\(day)-\(n)"
            n += 1
        }
        return id
    }

    private func sendTest(to address: String, composed: ComposedIssue, env: Environment, console: Console) async throws {
        let recipient = EmailAddress.parse(address)!
        let test = composed.withSubject("[TEST] " + composed.subject)
        let bytes = try test.bytes(for: Recipient(email: recipient.address, name: recipient.name), date: env.now)
        let transport = env.transport()
        try await transport.send(OutgoingMessage(sender: composed.identity.from.address, recipients: [recipient.address], data: bytes))
        console.print("Sent a test copy of \"\(test.subject)\" to \(recipient.address) through \(transport.description); the ledger is unchanged.")
    }
}
