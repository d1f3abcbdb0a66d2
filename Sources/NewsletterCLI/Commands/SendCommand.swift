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
          newsletter send --markdown closure.md --subject "Closed December 24-26"
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
    @Flag(help: "Send the issues editors approved in the console (NEWSLETTER_REVIEW=required; serve does it every minute).") var approved = false
    @Option(help: ArgumentHelp("Announce this Markdown file (CommonMark) instead of a post; needs --subject.", valueName: "file")) var markdown: String?
    @Option(help: "The subject of a --markdown announcement.") var subject: String?
    @Option(help: "Who gets a --markdown announcement: all (every confirmed subscriber), weekly or each.") var audience: MessageAudience = .all
    @Option(help: ArgumentHelp("Record a --markdown announcement to go out with the first send after TIME (2026-12-24T09:00, UTC, or with an offset).", valueName: "time")) var at: String?
    @Option(help: ArgumentHelp("Write the run's figures (copies sent, deferred, failed; duration) to FILE for node_exporter's textfile collector.", valueName: "file"))
    var metricsFile: String?

    func run() async throws {
        let console = Console()
        var allDelivered = true
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let stores = try env.stores()
            // A store one machine owns takes a lock file; a shared one coordinates in the database.
            var lock: SendLock?
            if !(stores.issues is any WorkerLeases) {
                guard let taken = SendLock(path: env.databasePath + ".send.lock") else {
                    console.print("A send is already running (lock \(env.databasePath).send.lock); this one leaves without sending.")
                    return
                }
                lock = taken
            }
            defer { lock?.release() }
            let output = SendOutput(console: console)
            // SIGTERM (systemd stopping the timer's unit, a shutdown): the copies under way
            // finish and are recorded, nothing more starts; the next run goes on.
            StopSignal.shared.install { number in
                console.warning("\(number == SIGTERM ? "SIGTERM" : "SIGINT"): finishing the copies under way and recording them; the next newsletter send goes on from there.")
            }
            let parts = env.sendParts(stores, .init(concurrency: concurrency, rate: rate, force: force), console: console)
            let totals = SendTotals()
            let started = Date()
            do {
                allDelivered = try await SendIssue(parts, events: { event in
                    output.say(event)
                    if case .delivered(let summary) = event { totals.add(summary) }
                }).run(try request(now: env.now, review: env.settings.review))
            } catch {
                if let metricsFile { try? MetricsFile.write(totals.gauges(success: false, seconds: Date().timeIntervalSince(started), now: Date()), to: metricsFile) }
                throw error
            }
            if let metricsFile {
                try MetricsFile.write(totals.gauges(success: allDelivered, seconds: Date().timeIntervalSince(started), now: Date()), to: metricsFile)
            }
        }
        if !allDelivered { throw ExitCode(2) }
    }
}
