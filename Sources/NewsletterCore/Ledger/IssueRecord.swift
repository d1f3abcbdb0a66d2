import Foundation

/// One digest as recorded for sending: its rendered templates are kept, so a resumed send
/// (and the web archive) uses exactly the same text.
public struct IssueRecord: Sendable, Equatable {
    public var id: String
    public var created: Date
    /// The ISO week (`2026-W48`) it belongs to, for `send --weekly`.
    public var week: String
    public var subject: String
    public var html: String
    public var text: String
    public var postIDs: [String]
    /// Who sent it, so a resumed send and the archive use the same sender and links.
    public var identity: NewsletterIdentity
    public var finished: Date?
    public var kind: IssueKind
    /// Other renderings of a digest, for subscribers who already got some of its posts in
    /// announcements; a copy names its variant (0 is this record's own text).
    public var variants: [IssueVariant]
    /// Recorded by `send --weekly`: refused (as `LedgerError.issueExists` of that digest)
    /// when a digest of the same ISO week is recorded, by any machine.
    public var onePerWeek = false
    /// For a digest: the topics each of its posts belongs to (a post in none is absent),
    /// so the store can give each reader the variant without the posts of topics they do
    /// not follow. Not kept: the variants are.
    public var postTopics: [String: [String]] = [:]

    /// The variant a digest's reader gets who follows the topics in `column` and received
    /// `received` of its posts in announcements: 0 is the issue as it is; nil is no copy
    /// (nothing left for them). A topic choice that appeared after the variants were
    /// rendered gets the whole digest; a receiver without a rendering gets none.
    public func copyVariant(forTopics column: String, received: Set<String> = []) -> Int? {
        let left = received.union(omitted(forTopics: column))
        guard left.count < Set(postIDs).count else { return nil }
        if left.isEmpty { return 0 }
        if let variant = variants.first(where: { $0.omitted == left }) { return variant.number }
        return received.isEmpty ? 0 : nil
    }

    /// The posts a reader whose topics column holds `column` does not get: those in some
    /// topic, none of them followed (`TopicColumn`; empty: every topic).
    public func omitted(forTopics column: String) -> Set<String> {
        let followed = Set(TopicColumn.decode(column))
        guard !followed.isEmpty else { return [] }
        return Set(postIDs.filter { id in postTopics[id].map { !$0.isEmpty && followed.isDisjoint(with: $0) } ?? false })
    }

    public init(id: String, created: Date, week: String, subject: String, html: String, text: String, postIDs: [String],
                identity: NewsletterIdentity, finished: Date? = nil, kind: IssueKind = .digest, variants: [IssueVariant] = []) {
        self.kind = kind
        self.variants = variants
        self.id = id
        self.created = created
        self.week = week
        self.subject = subject
        self.html = html
        self.text = text
        self.postIDs = postIDs
        self.identity = identity
        self.finished = finished
    }
}
