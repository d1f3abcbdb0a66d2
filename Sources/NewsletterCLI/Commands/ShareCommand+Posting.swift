import ArgumentParser
import Foundation
import NewsletterCore
import NewsletterSocial

extension ShareCommand {
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

    /// The posts the arguments name: one URL, the newest, or every new one within `--since`.
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

    /// Posts through each configured (or named) network's API, once per post and network.
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
        let http = SocialHTTP(client: env.httpClient(), dryRun: dryRun, maxRateLimitWait: env.settings.social.maxRateLimitWait, now: env.clock,
                              print: { console.print($0) })
        if shares.isEmpty { console.print("No new posts to share.") }
        let publisher = SharePublisher(ledger: try env.stores().social, posters: posters, http: http, settings: settings, force: force,
                                       dryRun: dryRun, now: env.now, clock: env.clock)
        let output = ShareOutput(console: console)
        let allPosted = try await publisher.publish(shares) { output.say($0) }
        if failed || !allPosted { throw ExitCode.failure }
    }
}
