import Foundation
import NewsletterCore

extension SendCommand {
    /// The issue that was there first: this id's, or (for `--weekly`) the week's digest.
    func existing(_ record: IssueRecord, ledger: any IssueLedger) async throws -> String {
        if try await ledger.issue(id: record.id) != nil { return record.id }
        return try await ledger.issue(inWeek: record.week)?.id ?? record.id
    }

    /// The weekly digest to `weekly` subscribers; false when copies failed for good.
    func sendDigest(env: Environment, stores: Environment.Stores, console: Console) async throws -> Bool {
        let ledger = stores.issues
        let week = ISOWeek.string(env.now)
        if weekly, testTo == nil, !dryRun, let done = try await ledger.issue(inWeek: week) {
            console.print("The digest for \(week) went out already (issue \(done.id)); nothing to do.")
            return true
        }
        let feed = try await env.readFeed(flag: nil, console: console)
        let previous = try await ledger.issues().first { $0.kind == .digest }?.created
        let cutoff = since.flatMap { TimeSpec.parse($0, now: env.now) } ?? IssueComposer.defaultCutoff(lastIssue: previous, now: env.now)
        let posts = IssueComposer.selectPosts(from: feed, since: cutoff, now: env.now, excluding: try await ledger.sentPostIDs(),
                                              limit: IssueComposer.postLimit)
        guard !posts.isEmpty else {
            console.print("No new posts since the last digest; nothing to send.")
            return true
        }
        let composer = try env.composer(identity: env.identity(for: feed, source: env.feedSource(flag: nil)))
        let issueID = try await IssueID.next(for: env.now, in: ledger)
        let composed = composer.compose(issueID: issueID, date: env.now, posts: posts)
        for warning in composed.rendered.warnings { console.warning(warning) }
        if let testTo {
            try preSendCheck(composed, env: env, console: console, warnOnly: true)
            try await sendTest(to: testTo, composed: composed, env: env, console: console)
            return true
        }
        if dryRun {
            let readers = try await ledger.audienceCount(.digest, now: env.now)
            console.print("Dry run: \"\(composed.subject)\" with \(posts.count) post\(posts.count == 1 ? "" : "s") would go to \(readers) confirmed subscriber\(readers == 1 ? "" : "s"); nothing was sent.")
            return true
        }
        try preSendCheck(composed, env: env, console: console)
        // Readers who got some of these posts in announcements get a digest without them.
        let received = try await ledger.receivedPostSets(among: posts.map(\.id), audience: .digest, now: env.now)
        let variants = composer.variants(issueID: issueID, date: env.now, posts: posts, omitting: received)
        var record = IssueRecord(id: issueID, created: env.now, week: week, subject: composed.subject, html: composed.rendered.html.rendered,
                                 text: composed.rendered.text.rendered, postIDs: posts.map(\.id), identity: composer.identity,
                                 kind: .digest, variants: variants)
        record.onePerWeek = weekly
        guard let queued = try await createOrJoin(record, audience: .digest, env: env, stores: stores, console: console) else {
            return try await joined(try await existing(record, ledger: ledger), env: env, stores: stores, console: console)
        }
        console.print("Sending \"\(composed.subject)\" (issue \(issueID), \(posts.count) post\(posts.count == 1 ? "" : "s")) to \(queued) confirmed subscriber\(queued == 1 ? "" : "s").")
        return try await deliver(record, composed: composer.resume(record), env: env, stores: stores, console: console)
    }
}
