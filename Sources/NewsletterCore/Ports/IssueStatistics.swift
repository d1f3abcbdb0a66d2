import Foundation

/// What an issue's copies did, and the clicks on its links.
public protocol IssueStatistics: Sendable {
    /// What an issue's copies did (unsubscribes are counted by `ListHistory`).
    func stats(issueID: String) async throws -> IssueStats
    /// Click tracking: one more click on `url` (the signed target) in `issueID`.
    func recordClick(issueID: String, url: String, now: Date) async throws
    /// The links of an issue that were followed, most clicked first.
    func linkClicks(issueID: String) async throws -> [LinkClicks]
}
