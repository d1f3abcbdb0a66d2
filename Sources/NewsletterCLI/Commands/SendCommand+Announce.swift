import Foundation
import NewsletterCore

extension SendCommand {
    /// `--post URL` / `--latest`: one post to every confirmed subscriber.
    func announce(env: Environment, stores: Environment.Stores, console: Console) async throws -> Bool {
        let feed = try await env.readFeed(flag: nil, console: console)
        let chosen: Post
        if latest {
            guard let newest = feed.newestFirst.first(where: { ($0.date ?? .distantPast) <= env.now }) else {
                throw CLIError("The feed \(env.feedSource(flag: nil)) has no published post to announce.")
            }
            chosen = newest
        } else {
            guard let found = feed.post(at: post ?? "") else {
                throw CLIError("The post \(post ?? "") is not in the feed \(env.feedSource(flag: nil)); give a URL that newsletter posts lists, or use --latest.")
            }
            chosen = found
        }
        return try await announce(chosen, to: .everyone, feed: feed, env: env, stores: stores, console: console)
    }

    /// `--new-posts`: each post of the last 2 days not yet announced, oldest first, to the
    /// `each` subscribers who had confirmed when it came out.
    func announceNewPosts(env: Environment, stores: Environment.Stores, console: Console) async throws -> Bool {
        let feed = try await env.readFeed(flag: nil, console: console)
        let announced = try await stores.issues.announcedPostIDs()
        let oldest = env.now.addingTimeInterval(-Self.newPostWindow)
        let fresh = feed.newestFirst.filter { post in
            guard let date = post.date else { return false }
            return date >= oldest && date <= env.now && !announced.contains(post.id)
        }.reversed()
        guard !fresh.isEmpty else {
            console.print("No new post to announce (none of the last 2 days is unannounced).")
            return true
        }
        var allDelivered = true
        for post in fresh {
            let audience = IssueAudience(cadence: .each, confirmedBy: post.date)
            allDelivered = try await announce(post, to: audience, feed: feed, env: env, stores: stores, console: console) && allDelivered
        }
        return allDelivered
    }

    /// Composes, checks, records and delivers one announcement.
    private func announce(_ post: Post, to audience: IssueAudience, feed: Feed, env: Environment, stores: Environment.Stores,
                          console: Console) async throws -> Bool {
        let ledger = stores.issues
        let composer = try env.composer(identity: env.identity(for: feed, source: env.feedSource(flag: nil)))
        let issueID = try await IssueID.next(for: env.now, in: ledger)
        let composed = composer.composeAnnouncement(issueID: issueID, date: env.now, post: post)
        for warning in composed.rendered.warnings { console.warning(warning) }
        if let testTo {
            try preSendCheck(composed, env: env, console: console, warnOnly: true)
            try await sendTest(to: testTo, composed: composed, env: env, console: console)
            return true
        }
        let waiting = try await ledger.audienceCount(audience, now: env.now, excludingReceiversOf: [post.id])
        if dryRun {
            console.print("Dry run: \"\(composed.subject)\" would go to \(waiting) \(readers(audience, waiting)); nothing was sent.")
            return true
        }
        // Announced before, and everyone it is for has it: no empty issue.
        if waiting == 0, try await ledger.announcedPostIDs().contains(post.id) {
            console.print("\"\(post.title)\" was announced already, and every \(readers(audience, 1)) it is for has it; nothing to send.")
            return true
        }
        try preSendCheck(composed, env: env, console: console)
        let record = IssueRecord(id: issueID, created: env.now, week: ISOWeek.string(env.now), subject: composed.subject,
                                 html: composed.rendered.html.rendered, text: composed.rendered.text.rendered, postIDs: [post.id],
                                 identity: composer.identity, kind: .announcement)
        guard let queued = try await createOrJoin(record, audience: audience, env: env, stores: stores, console: console) else {
            return try await joined(record.id, env: env, stores: stores, console: console)
        }
        console.print("Announcing \"\(composed.subject)\" (issue \(issueID)) to \(queued) \(readers(audience, queued)).")
        return try await deliver(record, composed: composer.resume(record), env: env, stores: stores, console: console)
    }

    private func readers(_ audience: IssueAudience, _ n: Int) -> String {
        switch (audience.cadence == .each, n == 1) {
        case (true, true): "subscriber who wants every post"
        case (true, false): "subscribers who want every post"
        case (false, true): "confirmed subscriber"
        case (false, false): "confirmed subscribers"
        }
    }
}
