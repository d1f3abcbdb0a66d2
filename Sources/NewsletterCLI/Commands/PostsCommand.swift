import ArgumentParser
import Foundation
import NewsletterCore

/// `newsletter posts`: the feed's posts, newest first.
struct PostsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "posts",
        abstract: "List the feed's posts, newest first.",
        discussion: """
        The feed is --feed, else NEWSLETTER_FEED, else `feed` in newsletter.toml, else the \
        bundled sample blog. It may be an http(s) URL or a file; RSS 2.0/1.0, Atom, JSON Feed \
        and WordPress REST API responses are recognised from their content.

        Examples:
          newsletter posts --since 7d
          newsletter posts --feed https://blog.example/feed/ --limit 5 --json
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The feed: an http(s) URL or a file path.", valueName: "src"))
    var feed: String?

    @Option(help: ArgumentHelp("Only posts published since WHEN: a duration (7d, 36h) or a date (2026-11-01).", valueName: "when"))
    var since: String?

    @Option(help: ArgumentHelp("At most N posts.", valueName: "n"))
    var limit: Int?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be a positive number, not \(limit).") }
        if let since, TimeSpec.parse(since, now: Date()) == nil {
            throw ValidationError("--since takes a duration such as 7d or 36h, or a date such as 2026-11-01; '\(since)' is neither.")
        }
    }

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let feed = try await env.readFeed(flag: self.feed, console: console)
            var posts = feed.newestFirst
            if let since, let cutoff = TimeSpec.parse(since, now: env.now) {
                posts = posts.filter { ($0.date ?? .distantPast) >= cutoff }
            }
            if let limit { posts = Array(posts.prefix(limit)) }
            if json {
                console.write(bytes: PostJSON.encode(posts))
            } else {
                console.print(PostText.render(posts))
            }
        }
    }
}
