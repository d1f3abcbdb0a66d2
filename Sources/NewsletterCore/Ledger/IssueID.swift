import Foundation

/// An issue's id: its UTC day (`2026-11-29`), with `-2`, `-3`… for a second issue that day.
/// Made here only, for every command and the server.
public enum IssueID {
    /// The day's id, for an issue not recorded (a preview, a check).
    public static func day(_ date: Date) -> String {
        String(UTCFormat.iso8601(date).prefix(10))
    }

    /// The first id of `date`'s day that the ledger does not hold yet.
    public static func next(for date: Date, in ledger: any IssueArchive) async throws -> String {
        let day = day(date)
        var id = day
        var n = 2
        while try await ledger.issue(id: id) != nil {
            id = "\(day)-\(n)"
            n += 1
        }
        return id
    }
}
