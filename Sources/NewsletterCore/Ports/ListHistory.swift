import Foundation

/// The consent log summed up, for the report.
public protocol ListHistory: Sendable {
    /// The consent log's status changes per day (UTC), for the report's weeks.
    func statusChangesByDay() async throws -> [StatusChangeDay]
    /// Unsubscribes attributed to an issue (the consent log's issue column), by issue id.
    func unsubscribesByIssue() async throws -> [String: Int]
}
