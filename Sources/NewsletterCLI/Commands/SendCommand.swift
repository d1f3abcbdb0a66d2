import ArgumentParser
import Foundation
import NewsletterCore
import NewsletterDelivery

/// `newsletter send`: the weekly digest, one post as an announcement, or every new post
/// to those who want each.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send the digest of posts not yet sent, or announce posts one by one.",
        discussion: """
        Without --post or --new-posts: the digest of the posts not yet sent, to every \
        confirmed subscriber whose cadence is weekly (leaving out, for each, the posts they \
        already got in an announcement; someone with nothing left gets none). --post URL \
        (or --latest) announces that post in full to every confirmed subscriber and keeps it \
        out of later digests; --new-posts (cron, every 30 minutes) announces each post of the \
        last 2 days not yet announced, oldest first, to the subscribers whose cadence is \
        each. Paused subscribers get nothing until their pause ends.

        Safe to run twice at once (the second says a send is running and leaves) and safe to \
        kill at any moment: the next run finishes the issue, and nobody gets it twice. Copies \
        that were in the middle of their SMTP transaction when a send was killed are reported \
        by address and not sent again (they may have arrived). 4xx replies are retried with \
        exponential backoff; 5xx marks the subscriber bounced. Before an SMTP send the \
        offline checks of newsletter check run on the issue, and a failing one stops it \
        (--force sends anyway); the outbox only warns.

        Examples:
          newsletter send --weekly
          newsletter send --new-posts
          newsletter send --post https://blog.example/2026/11/holiday-stress/
          newsletter send --since 14d --dry-run
          newsletter send --test-to me@example.com
        """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Only posts published since WHEN (7d, 2026-11-01).", valueName: "when")) var since: String?
    @Flag(help: "At most one digest per ISO week, and none when nothing is new (what cron runs).") var weekly = false
    @Option(help: ArgumentHelp("Announce this post (its URL in the feed) to every confirmed subscriber.", valueName: "url")) var post: String?
    @Flag(help: "Announce the newest post to every confirmed subscriber.") var latest = false
    @Flag(help: "Announce each new post of the last 2 days, not yet announced, to the subscribers who want every post.") var newPosts = false
    @Flag(help: "Render and count, deliver nothing.") var dryRun = false
    @Option(help: ArgumentHelp("Send one copy with a [TEST] subject to this address; no ledger.", valueName: "email")) var testTo: String?
    @Option(help: "Connections sending at once.") var concurrency: Int = 4
    @Option(help: "At most N messages per second.") var rate: Double?
    @Flag(help: "Send even when a deliverability check (newsletter check --offline) fails.") var force = false
    @Flag(help: "Compose nothing: help finish the issue another process is sending (a shared PostgreSQL store).") var join = false

    /// How far back `--new-posts` looks: an older post is never announced.
    static let newPostWindow: TimeInterval = 2 * 86_400

    func validate() throws {
        let modes = [since != nil || weekly, post != nil || latest, newPosts, join].filter { $0 }.count
        if modes > 1 { throw ValidationError("Choose one of a digest (--since, --weekly), an announcement (--post, --latest), --new-posts and --join.") }
        if join && (dryRun || testTo != nil) { throw ValidationError("--join sends the unfinished issue; it takes neither --dry-run nor --test-to.") }
        if since != nil && weekly { throw ValidationError("--since and --weekly cannot be used together.") }
        if post != nil && latest { throw ValidationError("--post and --latest cannot be used together.") }
        if newPosts && testTo != nil { throw ValidationError("--test-to sends one issue; use it with --post or --latest to try an announcement.") }
        if let since, TimeSpec.parse(since, now: Date()) == nil {
            throw ValidationError("--since takes a duration such as 7d or a date such as 2026-11-01; '\(since)' is neither.")
        }
        if concurrency < 1 || concurrency > 64 { throw ValidationError("--concurrency must be between 1 and 64, not \(concurrency).") }
        if let rate, rate <= 0 { throw ValidationError("--rate must be a positive number of messages per second.") }
        if let testTo, EmailAddress.parse(testTo) == nil { throw ValidationError("--test-to must be an email address, not '\(testTo)'.") }
    }

    func run() async throws {
        let console = Console()
        var allDelivered = true
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let stores = try env.stores()
            // A store one machine owns takes a lock file; a shared one coordinates in the database.
            var lock: SendLock?
            if !stores.issues.sharedByWorkers {
                let lockPath = env.databasePath + ".send.lock"
                guard let taken = SendLock(path: lockPath) else {
                    console.print("A send is already running (lock \(lockPath)); this one leaves without sending.")
                    return
                }
                lock = taken
            }
            defer { lock?.release() }
            if join {
                guard let unfinished = try await stores.issues.unfinishedIssue() else {
                    console.print("No issue is being sent; --join has nothing to help with.")
                    return
                }
                console.print("Joining the issue \(unfinished.id) (\"\(unfinished.subject)\").")
                let composed = try env.composer(identity: unfinished.identity).resume(unfinished)
                allDelivered = try await deliver(unfinished, composed: composed, env: env, stores: stores, console: console)
                return
            }
            // An issue a killed send left is finished first, whatever this run was asked.
            if !dryRun, testTo == nil, let resumed = try await stores.issues.unfinishedIssue() {
                console.print("Resuming the issue \(resumed.id) (\"\(resumed.subject)\") that an earlier send did not finish.")
                let composed = try env.composer(identity: resumed.identity).resume(resumed)
                try preSendCheck(composed, env: env, console: console)
                allDelivered = try await deliver(resumed, composed: composed, env: env, stores: stores, console: console) && allDelivered
                if resumed.kind == .digest, post == nil, !latest, !newPosts { return }
            }
            if newPosts {
                allDelivered = try await announceNewPosts(env: env, stores: stores, console: console) && allDelivered
            } else if post != nil || latest {
                allDelivered = try await announce(env: env, stores: stores, console: console) && allDelivered
            } else {
                allDelivered = try await sendDigest(env: env, stores: stores, console: console) && allDelivered
            }
        }
        if !allDelivered { throw ExitCode(2) }
    }

    /// Runs the send of an issue in the ledger and prints what it did.
    /// Records the issue and queues its copies; nil when another sender on the shared store
    /// recorded it at the same moment (this one then joins it).
    func createOrJoin(_ record: IssueRecord, audience: IssueAudience, env: Environment, stores: Environment.Stores, console: Console) async throws -> Int? {
        do {
            return try await stores.issues.createIssue(record, audience: audience, now: env.now)
        } catch LedgerError.issueExists(let id) {
            console.print("Another sender recorded the issue \(id) at the same moment; this one joins it.")
            return nil
        }
    }

    /// Helps send an issue another process recorded.
    func joined(_ id: String, env: Environment, stores: Environment.Stores, console: Console) async throws -> Bool {
        guard let issue = try await stores.issues.issue(id: id) else { return true }
        if issue.finished != nil {
            console.print("The issue \(id) went out already; nothing to do.")
            return true
        }
        return try await deliver(issue, composed: try env.composer(identity: issue.identity).resume(issue), env: env, stores: stores, console: console)
    }

    /// Returns false when copies failed for good (exit status 2 at the end).
    @discardableResult
    func deliver(_ issue: IssueRecord, composed: ComposedIssue, env: Environment, stores: Environment.Stores, console: Console) async throws -> Bool {
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
        // Formatted by hand: String(format:) would load ICU's locale data at the end of every send.
        let tenths = Int((summary.seconds * 10).rounded())
        console.print("Sent \(summary.sent), bounced \(summary.bounced), failed \(summary.failed), deferred \(summary.deferred), skipped \(summary.inFlight.count) "
            + "(in flight earlier) in \(tenths / 10).\(tenths % 10) s (\(Int(rate.rounded())) messages/s).")
        if summary.deferred > 0 {
            console.print("\(summary.deferred) deferred cop\(summary.deferred == 1 ? "y is" : "ies are") left for the next run of newsletter send.")
        }
        return summary.failed == 0
    }

    /// The offline deliverability checks on one copy of the issue: a failure stops an SMTP
    /// send (unless `--force`); through the outbox, or for a test copy, it only warns.
    func preSendCheck(_ composed: ComposedIssue, env: Environment, console: Console, warnOnly: Bool = false) throws {
        let copy = try composed.bytes(for: CheckOutput.sampleRecipient(composed.identity), date: env.now)
        let failures = env.offlineChecks(message: copy, blogURL: composed.identity.blogURL).failures
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

    func sendTest(to address: String, composed: ComposedIssue, env: Environment, console: Console) async throws {
        let recipient = EmailAddress.parse(address)!
        let test = composed.withSubject("[TEST] " + composed.subject)
        let bytes = try test.bytes(for: Recipient(email: recipient.address, name: recipient.name), date: env.now)
        let transport = env.transport()
        try await transport.send(OutgoingMessage(sender: composed.identity.from.address, recipients: [recipient.address], data: bytes))
        console.print("Sent a test copy of \"\(test.subject)\" to \(recipient.address) through \(transport.description); the ledger is unchanged.")
    }
}
