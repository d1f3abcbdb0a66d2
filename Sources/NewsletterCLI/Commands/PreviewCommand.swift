import ArgumentParser
import Foundation
import NewsletterCore

/// `newsletter preview`: render the next digest without sending it.
struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Render the next digest to digest.html, digest.txt and digest.eml without sending.",
        discussion: """
        The digest holds the posts published since WHEN (default: the last 7 days), rendered \
        from the templates in Templates/ (or NEWSLETTER_TEMPLATES), personalised for one \
        subscriber, and signed when NEWSLETTER_DKIM_* are set.

        Examples:
          newsletter preview
          newsletter preview --since 30d --out /tmp/digest --subscriber sam@example.com
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Posts published since WHEN: a duration (7d, 36h) or a date (2026-11-01).", valueName: "when"))
    var since: String = "7d"

    @Option(help: ArgumentHelp("The folder to write the files to.", valueName: "dir"))
    var out: String = "preview"

    @Option(help: ArgumentHelp("Personalise for this address (with the name the store has for it) or 'Name <address>'.", valueName: "email"))
    var subscriber: String = "Sam Reader <sam@example.com>"

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
            let cutoff = TimeSpec.parse(since, now: env.now)!
            let posts = IssueComposer.selectPosts(from: feed, since: cutoff, now: env.now)
            guard !posts.isEmpty else {
                throw CLIError("No posts were published since \(UTCFormat.iso8601(cutoff)); choose a wider window with --since, e.g. --since 30d.")
            }
            let composer = try env.composer(identity: env.identity(for: feed, source: env.feedSource(flag: nil)))
            let composed = composer.compose(issueID: String(UTCFormat.iso8601(env.now).prefix(10)), date: env.now, posts: posts)
            for warning in composed.rendered.warnings { console.warning(warning) }
            var recipient = EmailAddress.parse(subscriber)!
            // A bare address of someone in the store gets their stored name.
            if recipient.name == nil, FileManager.default.fileExists(atPath: env.databasePath),
               let stored = try? await env.stores().subscribers.subscriber(recipient.address) {
                recipient = EmailAddress(stored.email, name: stored.name)
            }
            let message = composed.message(for: Recipient(email: recipient.address, name: recipient.name), date: env.now, preEncoded: false)
            let eml = try composed.sign(message.render(), date: env.now)
            let dir = URL(fileURLWithPath: out, isDirectory: true)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            guard case .multipart(_, _, let parts) = message.body, case .text(_, let text) = parts[0], case .text(_, let html) = parts[1] else { return }
            try Data(html.utf8).write(to: dir.appendingPathComponent("digest.html"))
            try Data(text.utf8).write(to: dir.appendingPathComponent("digest.txt"))
            try Data(eml).write(to: dir.appendingPathComponent("digest.eml"))
            console.print("Rendered \"\(composed.subject)\" with \(posts.count) post\(posts.count == 1 ? "" : "s") to \(out)/digest.html, digest.txt and digest.eml.")
        }
    }
}
