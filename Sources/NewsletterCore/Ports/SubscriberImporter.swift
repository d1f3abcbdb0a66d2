import Foundation

/// A streaming import: rows go in one by one, are committed in batches, and the report
/// comes out at the end. Invalid rows are reported with their line; the rest go on.
public protocol SubscriberImporter: AnyObject {
    func add(_ row: ImportRow) async throws
    /// Notes a row refused before it reached the store (a CSV syntax problem).
    func reject(line: Int, reason: String)
    /// Commits what is buffered and returns the report.
    func finish() async throws -> ImportReport
}
