import Foundation
import NewsletterCore
import Testing

/// The report's numbers and page from in-memory ports: what `newsletter report` and
/// `/admin/report` gather, without a store.
@Suite struct IssueReportTests {
    actor Ledger: IssueArchive, IssueStatistics, ListHistory {
        let records: [IssueRecord]
        init(_ records: [IssueRecord]) { self.records = records }
        func unfinishedIssue() -> IssueRecord? { nil }
        func issue(inWeek week: String) -> IssueRecord? { nil }
        func issue(id: String) -> IssueRecord? { records.first { $0.id == id } }
        func issues() -> [IssueRecord] { records }
        func delivery(messageID: String) -> DeliveryReference? { nil }

        func stats(issueID: String) -> IssueStats {
            var s = IssueStats()
            s.recipients = issueID == "2026-W48" ? 40 : 10
            s.delivered = s.recipients - 3
            s.bouncedHard = 2
            s.bouncedSoft = 1
            s.complaints = issueID == "2026-W48" ? 1 : 0
            return s
        }
        func recordClick(issueID: String, url: String, now: Date) {}
        func troubledCopies(issueID: String, limit: Int) -> [TroubledCopy] { [] }
        func linkClicks(issueID: String) -> [LinkClicks] {
            issueID == "2026-W48" ? [LinkClicks(url: "https://blog.example/a?x=1&y=<2>", clicks: 5), LinkClicks(url: "https://blog.example/b", clicks: 2)] : []
        }

        func statusChangesByDay() -> [StatusChangeDay] {
            [StatusChangeDay(day: "2026-11-16", old: nil, new: .pending, count: 4),
             StatusChangeDay(day: "2026-11-17", old: .pending, new: .confirmed, count: 3),
             StatusChangeDay(day: "2026-11-24", old: .confirmed, new: .unsubscribed, count: 1),
             StatusChangeDay(day: "2026-11-25", old: .confirmed, new: .bounced, count: 1),
             StatusChangeDay(day: "2026-11-25", old: .unsubscribed, new: .complained, count: 1),
             StatusChangeDay(day: "2026-11-26", old: nil, new: .confirmed, count: 2)]
        }
        func unsubscribesByIssue() -> [String: Int] { ["2026-W48": 3] }
    }

    static let identity = NewsletterIdentity(name: "Harbor <Light>", from: SampleBlog.from, baseURL: "https://news.example", postalAddress: "1 Main St")
    static func record(_ id: String, _ subject: String) -> IssueRecord {
        IssueRecord(id: id, created: Date(timeIntervalSince1970: 1_795_000_000), week: id, subject: subject, html: "", text: "", postIDs: [],
                    identity: identity)
    }
    static let ledger = Ledger([record("2026-W48", "Sleep & <stress>"), record("2026-W47", "Older")])

    @Test func eachIssueCarriesItsCopiesTheUnsubscribesItCausedAndItsClicks() async throws {
        let report = try await IssueReport.collect(issues: Self.ledger, subscribers: Self.ledger, clickTracking: true)
        #expect(report.rows.map(\.record.id) == ["2026-W48", "2026-W47"])
        #expect(report.rows[0].stats.unsubscribes == 3)
        #expect(report.rows[1].stats.unsubscribes == 0)
        #expect(report.rows[0].stats.clicks == 7)
        #expect(report.rows[1].stats.clicks == 0)
        #expect(report.rows[0].links.first?.clicks == 5)
        let one = try await IssueReport.collect(issues: Self.ledger, subscribers: Self.ledger, only: "2026-W47", clickTracking: false)
        #expect(one.rows.map(\.record.id) == ["2026-W47"])
        #expect(one.rows[0].stats.clicks == nil && one.rows[0].links.isEmpty)
    }

    @Test func weeksCountChangesIntoEachStatusAndARunningTotalOfConfirmed() {
        let weeks = WeekStats.weeks(from: [
            StatusChangeDay(day: "2026-11-17", old: .pending, new: .confirmed, count: 3),
            StatusChangeDay(day: "2026-11-24", old: .confirmed, new: .unsubscribed, count: 1),
            StatusChangeDay(day: "2026-11-25", old: .unsubscribed, new: .complained, count: 1),
            StatusChangeDay(day: "2026-11-26", old: nil, new: .confirmed, count: 2),
            StatusChangeDay(day: "not a day", old: nil, new: .confirmed, count: 99),
        ])
        #expect(weeks.map(\.week) == ["2026-W47", "2026-W48"])
        #expect(weeks[0].confirmedNew == 3 && weeks[0].totalConfirmed == 3)
        #expect(weeks[1].confirmedNew == 2 && weeks[1].unsubscribed == 1 && weeks[1].complained == 1)
        // A complaint from someone already unsubscribed does not take a second person off.
        #expect(weeks[1].totalConfirmed == 4)
    }

    @Test func thePageEscapesWhatItShowsAndNeedsNothingFromOutside() async throws {
        let report = try await IssueReport.collect(issues: Self.ledger, subscribers: Self.ledger, clickTracking: true)
        let html = ReportPage.html(report, name: Self.identity.name, now: Date(timeIntervalSince1970: 1_796_000_000))
        #expect(html.contains("<title>Harbor &lt;Light&gt;: report</title>"))
        #expect(html.contains("Sleep &amp; &lt;stress&gt;"))
        #expect(!html.contains("<stress>") && !html.contains("y=<2>"))
        #expect(html.contains("<th>Clicks</th>") && html.contains("<td data-label=\"Clicks\">7</td>"))
        #expect(html.contains("<td data-label=\"Bounced\">3</td>"))
        #expect(!html.contains("<script") && !html.contains("src=\"http"))
        let quiet = ReportPage.html(IssueReport(rows: [], weeks: [], clickTracking: false), name: "N", now: .now)
        #expect(quiet.contains("No issue has been sent yet.") && quiet.contains("No subscriber history yet."))
        #expect(!quiet.contains("Clicks"))
    }
}
