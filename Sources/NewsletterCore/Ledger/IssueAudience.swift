import Foundation

/// Who an issue is queued for: confirmed subscribers who are not paused, of one cadence or
/// all, and for an announcement only those who had confirmed when the post came out.
public struct IssueAudience: Sendable, Equatable {
    /// nil: every cadence (`send --post`).
    public var cadence: Cadence?
    /// Only subscribers confirmed at or before this moment (a post's publication).
    public var confirmedBy: Date?
    /// For an announcement of a post in topics: only readers who follow one of them (or
    /// every topic). nil: no topic filter.
    public var topics: [String]?

    public init(cadence: Cadence?, confirmedBy: Date? = nil, topics: [String]? = nil) {
        self.cadence = cadence
        self.confirmedBy = confirmedBy
        self.topics = topics
    }

    /// The weekly digest's readers.
    public static let digest = IssueAudience(cadence: .weekly)
    /// Everyone confirmed.
    public static let everyone = IssueAudience(cadence: nil)
}
