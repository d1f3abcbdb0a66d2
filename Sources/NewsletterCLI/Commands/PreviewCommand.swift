import ArgumentParser
import Foundation
import NewsletterCore

/// `newsletter preview`: render the next digest without sending it.
struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Render the next digest (or, with --post, a post's announcement) without sending.",
        discussion: """
        The digest holds the posts published since WHEN (default: the last 7 days), rendered \
        from the templates in Templates/ (or NEWSLETTER_TEMPLATES), personalised for one \
        subscriber, and signed when NEWSLETTER_DKIM_* are set.

        With --post URL: that post's announcement (Templates/announcement.*), written to \
        announcement.html, announcement.txt and announcement.eml.

        Examples:
          newsletter preview
          newsletter preview --post https://blog.example/2026/11/holiday-stress/
          newsletter preview --since 30d --out /tmp/digest --subscriber sam@example.com
        """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Posts published since WHEN: a duration (7d, 36h) or a date (2026-11-01).", valueName: "when")) var since: String = "7d"
    @Option(help: ArgumentHelp("The folder to write the files to.", valueName: "dir")) var out: String = "preview"
    @Option(help: ArgumentHelp("Personalise for this address (with the name the store has for it) or 'Name <address>'.", valueName: "email")) var subscriber: String = "Sam Reader <sam@example.com>"
    @Option(help: ArgumentHelp("Render this post's announcement instead of the digest.", valueName: "url")) var post: String?

    func validate() throws {
        if TimeSpec.parse(since, now: Date()) == nil {
            throw ValidationError("--since takes a duration such as 7d or 36h, or a date such as 2026-11-01; '\(since)' is neither.")
        }
        if EmailAddress.parse(subscriber) == nil {
            throw ValidationError("--subscriber must be an email address such as sam@example.com, not '\(subscriber)'.")
        }
    }

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let feed = try await env.readFeed(flag: nil, console: console)
            var recipient = EmailAddress.parse(subscriber)!
            // A bare address of someone in the store gets their stored name.
            if recipient.name == nil, env.storeExists, let stored = try? await env.stores().subscribers.subscriber(recipient.address) {
                recipient = EmailAddress(stored.email, name: stored.name)
            }
            let preview = try PreviewIssue(composer: try env.composer(identity: env.identity(for: feed, source: env.feedSource(flag: nil))),
                                           feedName: env.feedSource(flag: nil).description)
                .render(feed: feed, post: post, since: TimeSpec.parse(since, now: env.now)!, for: Recipient(email: recipient.address, name: recipient.name), now: env.now)
            for warning in preview.composed.rendered.warnings { console.warning(warning) }
            let dir = URL(fileURLWithPath: out, isDirectory: true)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let base = post == nil ? "digest" : "announcement"
            try Data(preview.html.utf8).write(to: dir.appendingPathComponent(base + ".html"))
            try Data(preview.text.utf8).write(to: dir.appendingPathComponent(base + ".txt"))
            try Data(preview.eml).write(to: dir.appendingPathComponent(base + ".eml"))
            let n = preview.posts.count
            console.print("Rendered \"\(preview.composed.subject)\" with \(n) post\(n == 1 ? "" : "s") to \(out)/\(base).html, \(base).txt and \(base).eml.")
        }
    }
}
