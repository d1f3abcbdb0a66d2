import Foundation

/// One issue's line of the report.
public struct IssueReportRow: Sendable {
    public var record: IssueRecord
    public var stats: IssueStats
    /// The issue's followed links, most clicked first (empty when click tracking is off).
    public var links: [LinkClicks]

    public init(record: IssueRecord, stats: IssueStats, links: [LinkClicks] = []) {
        self.record = record
        self.stats = stats
        self.links = links
    }
}

/// What `newsletter report` and `/admin/report` show, gathered once from both stores.
public struct IssueReport: Sendable {
    public var rows: [IssueReportRow]
    public var weeks: [WeekStats]
    public var clickTracking: Bool

    public init(rows: [IssueReportRow], weeks: [WeekStats], clickTracking: Bool) {
        self.rows = rows
        self.weeks = weeks
        self.clickTracking = clickTracking
    }

    /// Every issue (newest first), or only `issueID`, with its numbers, and the list per
    /// ISO week. Unsubscribes come from the consent log (the issue a link carried); clicks
    /// only when tracking is on.
    public static func collect(issues ledger: any IssueArchive & IssueStatistics, subscribers: any ListHistory, only issueID: String? = nil,
                               clickTracking: Bool) async throws -> IssueReport {
        var records = try await ledger.issues()
        if let issueID { records = records.filter { $0.id == issueID } }
        let unsubscribes = try await subscribers.unsubscribesByIssue()
        var rows: [IssueReportRow] = []
        for record in records {
            var stats = try await ledger.stats(issueID: record.id)
            stats.unsubscribes = unsubscribes[record.id] ?? 0
            var links: [LinkClicks] = []
            if clickTracking {
                links = try await ledger.linkClicks(issueID: record.id)
                stats.clicks = links.reduce(0) { $0 + $1.clicks }
            }
            rows.append(IssueReportRow(record: record, stats: stats, links: links))
        }
        return IssueReport(rows: rows, weeks: WeekStats.weeks(from: try await subscribers.statusChangesByDay()), clickTracking: clickTracking)
    }
}
