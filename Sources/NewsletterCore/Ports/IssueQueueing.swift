import Foundation

/// What a new issue needs to know of the ones before it, and recording it.
public protocol IssueQueueing: Sendable {
    /// The ids of posts that went into a digest already, or to everyone in an announcement.
    func sentPostIDs() async throws -> Set<String>
    /// The ids of posts announced already (`send --post` or `--new-posts`).
    func announcedPostIDs() async throws -> Set<String>
    /// For a digest of `postIDs`: the distinct non-empty sets of those posts that members
    /// of `audience` already received in announcements (each needs its own rendering).
    func receivedPostSets(among postIDs: [String], audience: IssueAudience, now: Date) async throws -> [Set<String>]
    /// The distinct topic choices (`TopicColumn`, "" for every topic) among `audience`,
    /// with how many readers made each.
    func topicChoices(_ audience: IssueAudience, now: Date) async throws -> [String: Int]
    /// How many subscribers `audience` holds at `now`, leaving out those who received any
    /// of `postIDs` in an announcement.
    func audienceCount(_ audience: IssueAudience, now: Date, excludingReceiversOf postIDs: [String]) async throws -> Int
    /// Records an issue and queues it for `audience`, in one transaction: pauses that ended
    /// are closed first; a digest's subscriber gets the variant without the posts they
    /// already received (none at all when that is every post); an announcement skips whoever
    /// received its post before. A digest's posts, and an announcement to everyone's, are
    /// marked sent; an announcement's post is marked announced. Returns the copies queued;
    /// throws `LedgerError.issueExists` when another sender recorded it first.
    func createIssue(_ issue: IssueRecord, audience: IssueAudience, now: Date) async throws -> Int
}

extension IssueQueueing {
    /// How many subscribers `audience` holds at `now` (for a dry run).
    public func audienceCount(_ audience: IssueAudience, now: Date) async throws -> Int {
        try await audienceCount(audience, now: now, excludingReceiversOf: [])
    }

    /// Queues `issue` for every confirmed subscriber who is not paused.
    public func createIssue(_ issue: IssueRecord) async throws -> Int {
        try await createIssue(issue, audience: .everyone, now: issue.created)
    }
}
