import Foundation

/// The issues recorded so far.
public protocol IssueArchive: Sendable {
    /// The issue still being sent, if a send stopped half-way.
    func unfinishedIssue() async throws -> IssueRecord?
    /// The digest sent in an ISO week, if any (announcements do not count).
    func issue(inWeek week: String) async throws -> IssueRecord?
    func issue(id: String) async throws -> IssueRecord?
    /// Every issue, newest first (the archive).
    func issues() async throws -> [IssueRecord]
    /// The copy that went out with this Message-ID (angle brackets optional), if any.
    func delivery(messageID: String) async throws -> DeliveryReference?
}
