import ArgumentParser
import Foundation
import NewsletterCore
import NewsletterSocial

/// `newsletter share`: share links for a post, or posting it through the networks' APIs.
struct ShareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share",
        abstract: "Print share links for a post, or post it to the configured social networks.",
        discussion: """
        The post's title and summary come from the feed. Without --post, prints the share \
        links (text, JSON, or an HTML snippet of share buttons for the blog's template, from \
        Templates/share-buttons.html.mustache). With --post, publishes the post through each \
        configured network's API (see README.md for the credentials), once per post and \
        network: what was posted is recorded in the store, so running it again posts nothing \
        new unless --force. --new posts every post of the last --since (default 2d) that a \
        network has not had yet: that is what cron runs every 30 minutes.

        Networks: \(ShareTarget.all.map(\.key).joined(separator: ", ")); posting: \
        \(SocialConfiguration.postable.joined(separator: ", ")).

        Examples:
          newsletter share --latest
          newsletter share https://blog.example/2026/11/winter-blues/ --format json
          newsletter share --latest --format html --networks facebook,x,linkedin,reddit,whatsapp
          newsletter share --latest --post --dry-run
          newsletter share --new --post
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, html
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The post's URL, as the feed gives it.", valueName: "post-url")) var postURL: String?
    @Flag(help: "The newest post in the feed.") var latest = false
    @Flag(name: .customLong("new"), help: "Every post published within --since that has not been posted to a network yet (with --post).") var newPosts = false
    @Option(help: ArgumentHelp("With --new: how far back to look, a duration (2d, 36h) or a date.", valueName: "when")) var since: String = "2d"
    @Option(help: ArgumentHelp("text, json or html.", valueName: "format")) var format: Format = .text
    @Option(help: ArgumentHelp("Comma-separated networks (default: every network; with --post, every configured one).", valueName: "list")) var networks: String?
    @Option(help: ArgumentHelp("The feed: an http(s) URL or a file path.", valueName: "src")) var feed: String?
    @Flag(help: "Publish the post through the networks' APIs.") var post = false
    @Flag(help: "With --post: print the exact requests (secrets hidden) and send nothing.") var dryRun = false
    @Flag(help: "With --post: post again even where the store says it was posted.") var force = false

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let feed = try await env.readFeed(flag: self.feed, console: console)
            let posts = try choosePosts(feed, env: env)
            let fallback = env.settings.blogURL ?? feed.homePage ?? ""
            let shares = posts.map { SharePost($0, fallbackURL: fallback) }
            let settings = env.settings.share
            if post {
                let language = (env.settings.language ?? feed.language)?
                    .split(separator: "-").first.map { $0.lowercased() }
                try await publish(shares, env: env, settings: settings, language: language, console: console)
            } else {
                try ShareOutput(console: console).links(shares, targets: try networks.map { try ShareTarget.named($0).get() } ?? ShareTarget.all,
                                                        named: networks != nil, format: format, settings: settings, templates: env.templates())
            }
        }
    }
}
