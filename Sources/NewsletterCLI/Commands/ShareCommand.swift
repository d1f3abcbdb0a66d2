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

    @Argument(help: ArgumentHelp("The post's URL, as the feed gives it.", valueName: "post-url"))
    var postURL: String?

    @Flag(help: "The newest post in the feed.")
    var latest = false

    @Flag(name: .customLong("new"), help: "Every post published within --since that has not been posted to a network yet (with --post).")
    var newPosts = false

    @Option(help: ArgumentHelp("With --new: how far back to look, a duration (2d, 36h) or a date.", valueName: "when"))
    var since: String = "2d"

    @Option(help: ArgumentHelp("text, json or html.", valueName: "format"))
    var format: Format = .text

    @Option(help: ArgumentHelp("Comma-separated networks (default: every network; with --post, every configured one).", valueName: "list"))
    var networks: String?

    @Option(help: ArgumentHelp("The feed: an http(s) URL or a file path.", valueName: "src"))
    var feed: String?

    @Flag(help: "Publish the post through the networks' APIs.")
    var post = false

    @Flag(help: "With --post: print the exact requests (secrets hidden) and send nothing.")
    var dryRun = false

    @Flag(help: "With --post: post again even where the store says it was posted.")
    var force = false

    func validate() throws {
        let choices = [postURL != nil, latest, newPosts].filter { $0 }.count
        if choices == 0 { throw ValidationError("Name a post: give its URL, or use --latest or --new.") }
        if choices > 1 { throw ValidationError("Give only one of a post URL, --latest and --new.") }
        if newPosts && !post { throw ValidationError("--new shares posts through the networks' APIs; add --post.") }
        if (dryRun || force) && !post { throw ValidationError("--dry-run and --force go with --post.") }
        if TimeSpec.parse(since, now: Date()) == nil {
            throw ValidationError("--since takes a duration such as 2d or 36h, or a date such as 2026-11-01; '\(since)' is neither.")
        }
        if let networks, case .failure(let error) = ShareTarget.named(networks) { throw ValidationError(error.description) }
    }

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
                try printLinks(shares, env: env, settings: settings, console: console)
            }
        }
    }

    func choosePosts(_ feed: Feed, env: Environment) throws -> [Post] {
        let newest = feed.newestFirst
        if latest {
            guard let first = newest.first else { throw CLIError("The feed has no posts to share.") }
            return [first]
        }
        if newPosts {
            let cutoff = TimeSpec.parse(since, now: env.now) ?? env.now
            return newest.filter { ($0.date ?? .distantPast) >= cutoff && ($0.date ?? .distantPast) <= env.now }.reversed()
        }
        guard let match = feed.post(at: postURL ?? "") else {
            throw CLIError("The post \(postURL ?? "") is not in the feed \(env.feedSource(flag: self.feed)); give a URL the feed lists, or use --latest.")
        }
        return [match]
    }

    // MARK: Links

    func printLinks(_ shares: [SharePost], env: Environment, settings: ShareSettings, console: Console) throws {
        let targets = try networks.map { try ShareTarget.named($0).get() } ?? ShareTarget.all
        for share in shares {
            let links = targets.compactMap { target in target.link(for: share, settings: settings).map { (target, $0) } }
            if networks != nil, let missing = targets.first(where: { $0.link(for: share, settings: settings) == nil }) {
                console.warning("No \(missing.label) link: set \(SettingKey.mastodonAPIBase) (or \(SettingKey.mastodonAPIBase.configKey ?? "") in newsletter.toml) to the instance's address.")
            }
            switch format {
            case .text:
                var text = share.title + "\n" + share.url + "\n\n"
                let width = (links.map { $0.0.key.count }.max() ?? 0) + 2
                for (target, link) in links { text += target.key.padding(toLength: width, withPad: " ", startingAt: 0) + link + "\n" }
                console.write(text)
            case .json:
                console.print(JSONValue.object([
                    ("url", .string(share.url)), ("title", .string(share.title)), ("summary", .string(share.summary)),
                    ("links", .object(links.map { ($0.0.key, .string($0.1)) })),
                ]).render())
            case .html:
                console.print(try env.templates().shareButtons(for: share, targets: targets, settings: settings).trimmingCharacters(in: .newlines))
            }
        }
    }

    // MARK: Posting

    func publish(_ shares: [SharePost], env: Environment, settings: ShareSettings, language: String?, console: Console) async throws {
        let wanted = try networks.map { try ShareTarget.named($0).get().map(\.key) }
        var posters: [any SocialPoster] = []
        var failed = false
        for key in wanted ?? SocialConfiguration.postable {
            switch SocialConfiguration.poster(key, settings: env.settings.social, language: language) {
            case .success(let poster):
                posters.append(poster)
            case .failure(let error):
                // Named on the command line, or half set up: say what is missing.
                if wanted != nil || SocialConfiguration.isMentioned(key, settings: env.settings.social) {
                    console.error(error.description)
                    failed = true
                }
            }
        }
        if posters.isEmpty {
            if failed { throw ExitCode.failure }
            // cron's `share --new --post` on a blog without social accounts: nothing to do, no mail.
            if newPosts && networks == nil {
                console.print("No network is configured for posting; nothing to share.")
                return
            }
            throw CLIError("No network is configured for posting; set the variables of at least one (for example \(SettingKey.mastodonAPIBase) and \(SettingKey.mastodonToken)), as README.md lists.")
        }
        let ledger = try env.stores().social
        let client = env.httpClient()
        let http = SocialHTTP(client: client, dryRun: dryRun, maxRateLimitWait: env.settings.social.maxRateLimitWait, now: env.clock, print: { console.print($0) })
        if shares.isEmpty { console.print("No new posts to share.") }
        let publisher = SharePublisher(ledger: ledger, posters: posters, http: http, settings: settings, force: force, dryRun: dryRun, now: env.now, clock: env.clock)
        let allPosted = try await publisher.publish(shares) { event in
            switch event {
            case .skipped(let network, let title, let record):
                console.print("\(network): already posted \"\(title)\" on \(Self.day(record.posted))\(record.remoteURL.map { " (" + $0 + ")" } ?? ""); skipped (--force posts again).")
            case .dryRun(let network):
                console.print("# \(network)")
            case .posted(let network, let title, let id, let url):
                console.print("\(network): posted \"\(title)\"\(url.map { " at " + $0 } ?? " (id \(id))").")
            case .duplicate(let network, let message):
                console.print("\(network): already there (\(message)); recorded as posted.")
            case .failed(_, let error):
                console.error(String(describing: error))
            }
        }
        failed = failed || !allPosted
        if failed { throw ExitCode.failure }
    }

    static func day(_ date: Date) -> String { UTCFormat.string(date, "yyyy-MM-dd") }
}
