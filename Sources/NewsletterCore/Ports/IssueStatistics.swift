import Foundation

/// What an issue's copies did, and the clicks on its links.
public protocol IssueStatistics: Sendable {
    /// What an issue's copies did (unsubscribes are counted by `ListHistory`).
    func stats(issueID: String) async throws -> IssueStats
    /// Click tracking: one more click on `url` (the signed target) in `issueID`.
    func recordClick(issueID: String, url: String, now: Date) async throws
    /// The links of an issue that were followed, most clicked first.
    func linkClicks(issueID: String) async throws -> [LinkClicks]
    /// The copies of an issue that went wrong (bounced, failed, unknown, or reported later as
    /// a bounce or complaint), by address, at most `limit`.
    func troubledCopies(issueID: String, limit: Int) async throws -> [TroubledCopy]
}

/// A copy of an issue that did not simply arrive.
public struct TroubledCopy: Sendable, Equatable {
    public var email: String
    public var state: DeliveryState
    /// The SMTP reply, or the report's note (`bounced; …`, `complained; …`).
    public var note: String?

    public init(email: String, state: DeliveryState, note: String?) {
        self.email = email
        self.state = state
        self.note = note
    }
}
