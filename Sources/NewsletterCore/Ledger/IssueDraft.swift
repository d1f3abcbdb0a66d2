import Foundation

/// An issue waiting for an editor (`NEWSLETTER_REVIEW=required`): the weekly digest or a
/// new post's announcement that cron composed, with the posts it would carry. An editor
/// holds posts back and approves it, or drops it; approved, the next send (from `serve`
/// within minutes, or cron) sends it through the ledger, exactly once.
public struct IssueDraft: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        case pending, approved, dropped, expired, sent
    }

    public var id: Int64
    /// What the draft is for, unique: `digest:2026-W49`, or `post:` and the post's id.
    public var key: String
    public var kind: IssueKind
    public var week: String
    public var subject: String
    /// The posts it was composed with, in order, and their titles.
    public var postIDs: [String]
    public var titles: [String]
    /// The posts an editor held back.
    public var held: [String]
    public var created: Date
    /// Unapproved at this moment, it is left unsent.
    public var expires: Date
    public var state: State
    /// The console user who approved or dropped it, and when.
    public var decidedBy: String?
    public var decided: Date?
    /// The issue it went out as.
    public var issueID: String?

    /// How long a draft waits for an editor.
    public static let lifetime: TimeInterval = 72 * 3600

    public init(id: Int64 = 0, key: String, kind: IssueKind, week: String, subject: String, postIDs: [String], titles: [String] = [], held: [String] = [], created: Date,
                expires: Date, state: State = .pending, decidedBy: String? = nil, decided: Date? = nil, issueID: String? = nil) {
        self.id = id
        self.key = key
        self.kind = kind
        self.week = week
        self.subject = subject
        self.postIDs = postIDs
        self.titles = titles
        self.held = held
        self.created = created
        self.expires = expires
        self.state = state
        self.decidedBy = decidedBy
        self.decided = decided
        self.issueID = issueID
    }

    public static func digestKey(week: String) -> String { "digest:" + week }
    public static func postKey(_ postID: String) -> String { "post:" + postID }

    /// The posts that go out when it is approved.
    public var kept: [String] { postIDs.filter { !held.contains($0) } }

    /// The state as it is at `now`: a pending draft past its time has expired.
    public func state(at now: Date) -> State { state == .pending && expires <= now ? .expired : state }
}

/// Drafts waiting for review, in the store (so `serve` and cron on any node see them).
public protocol IssueDrafts: Sendable {
    /// Records a draft; false when one with its key exists (cron ran twice).
    func saveDraft(_ draft: IssueDraft) async throws -> Bool
    func draft(key: String) async throws -> IssueDraft?
    func draft(id: Int64) async throws -> IssueDraft?
    /// Drafts in these states, newest first.
    func drafts(in states: [IssueDraft.State], limit: Int) async throws -> [IssueDraft]
    /// Moves a draft from `from` to its state as given (held posts, who decided, the issue),
    /// atomically; false when it was no longer in `from`.
    func updateDraft(_ draft: IssueDraft, from: IssueDraft.State) async throws -> Bool
}
