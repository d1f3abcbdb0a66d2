import Foundation

/// Which posts a send carries, decided from the feed and the ledger's memory alone: no
/// store, no clock of its own, no output.
public enum SendPlanner {
    /// How far back `--new-posts` looks: an older post is never announced.
    public static let newPostWindow: TimeInterval = 2 * 86_400

    /// The posts of a digest: published after `since` (or after the last digest, within
    /// the default window) and not in a digest yet, newest first, at most `IssueComposer.postLimit`.
    public static func digestPosts(feed: Feed, since: Date?, lastDigest: Date?, sent: Set<String>, now: Date) -> [Post] {
        let cutoff = since ?? IssueComposer.defaultCutoff(lastIssue: lastDigest, now: now)
        return IssueComposer.selectPosts(from: feed, since: cutoff, now: now, excluding: sent, limit: IssueComposer.postLimit)
    }

    /// Which post an announcement is of.
    public enum Choice: Sendable, Equatable {
        /// The newest post already published.
        case latest
        /// The post at this URL (compared as `Feed.post(at:)` does).
        case post(String)
    }

    /// Why no post could be chosen.
    public enum ChoiceError: Error, Equatable {
        case noPublishedPost
        case notInFeed(String)
    }

    /// The post `choice` names in `feed`.
    public static func announcement(_ choice: Choice, feed: Feed, now: Date) throws(ChoiceError) -> Post {
        switch choice {
        case .latest:
            guard let newest = feed.newestFirst.first(where: { ($0.date ?? .distantPast) <= now }) else { throw .noPublishedPost }
            return newest
        case .post(let url):
            guard let found = feed.post(at: url) else { throw .notInFeed(url) }
            return found
        }
    }

    /// The posts `--new-posts` announces, oldest first: published within `newPostWindow`
    /// and not announced yet.
    public static func newPosts(feed: Feed, announced: Set<String>, now: Date) -> [Post] {
        let oldest = now.addingTimeInterval(-newPostWindow)
        return feed.newestFirst.filter { post in
            guard let date = post.date else { return false }
            return date >= oldest && date <= now && !announced.contains(post.id)
        }.reversed()
    }
}

extension SendPlanner {
    /// The posts the next weekly digest would carry, as the ledger stands (no ledger: as
    /// if nothing was sent yet); when nothing is new, the latest `standIns` posts, so that
    /// a message can still be checked or previewed.
    public static func nextDigestPosts(feed: Feed, ledger: (any IssueArchive & IssueQueueing)?, now: Date, standIns: Int = 3) async throws -> [Post] {
        let sent = try await ledger?.sentPostIDs() ?? []
        let lastDigest = try await ledger?.issues().first { $0.kind == .digest }?.created
        let posts = digestPosts(feed: feed, since: nil, lastDigest: lastDigest, sent: sent, now: now)
        return posts.isEmpty ? IssueComposer.selectPosts(from: feed, since: .distantPast, now: now, limit: standIns) : posts
    }
}
