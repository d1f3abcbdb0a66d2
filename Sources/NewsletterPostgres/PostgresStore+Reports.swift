import Foundation
import NewsletterCore
import PostgresNIO

extension PostgresIssueLedger {
    public func stats(issueID: String) async throws -> IssueStats {
        var stats = IssueStats()
        guard let row = try await store.rows("""
            SELECT COUNT(*) AS recipients, COUNT(*) FILTER (WHERE state = \(DeliveryState.sent)) AS delivered,
                COUNT(*) FILTER (WHERE state = \(DeliveryState.queued) AND attempts > 0) AS deferred, COUNT(*) FILTER (WHERE state = \(DeliveryState.failed)) AS failed,
                COUNT(*) FILTER (WHERE state = \(DeliveryState.bounced) OR bounce LIKE 'bounced;%') AS hard,
                COUNT(*) FILTER (WHERE state <> \(DeliveryState.bounced) AND bounce LIKE 'soft-bounce;%') AS soft,
                COUNT(*) FILTER (WHERE bounce LIKE 'complained;%') AS complaints, COUNT(*) FILTER (WHERE state = \(DeliveryState.unknown)) AS unknown
            FROM delivery WHERE issue_id = \(issueID)
            """).first else { return stats }
        func n(_ column: String) throws -> Int { Int(try row.value(column, as: Int64.self)) }
        stats.recipients = try n("recipients")
        stats.delivered = try n("delivered")
        stats.deferred = try n("deferred")
        stats.failed = try n("failed")
        stats.bouncedHard = try n("hard")
        stats.bouncedSoft = try n("soft")
        stats.complaints = try n("complaints")
        stats.unknown = try n("unknown")
        return stats
    }
}

extension PostgresIssueLedger {
    public func troubledCopies(issueID: String, limit: Int) async throws -> [TroubledCopy] {
        try await store.rows(PostgresQuery(unsafeSQL: """
            SELECT email, state, COALESCE(bounce, reply) AS note FROM delivery WHERE issue_id = $1
            AND (state IN (\(DeliveryState.sqlList([.bounced, .failed, .unknown]))) OR bounce IS NOT NULL) ORDER BY email LIMIT \(limit)
            """, binds: { var b = PostgresBindings(); b.append(issueID); return b }())).map { row in
            TroubledCopy(email: try row.value("email"), state: DeliveryState(rawValue: try row.value("state")) ?? .unknown, note: try row.value("note"))
        }
    }
}

extension PostgresIssueLedger {
    public func recordClick(issueID: String, url: String, now: Date) async throws {
        _ = try await store.rows("""
            INSERT INTO link_click (issue_id, url, clicks, last) VALUES (\(issueID), \(url), 1, \(now.timeIntervalSince1970))
            ON CONFLICT (issue_id, url) DO UPDATE SET clicks = link_click.clicks + 1, last = excluded.last
            """)
    }

    public func linkClicks(issueID: String) async throws -> [LinkClicks] {
        try await store.rows("SELECT url, clicks FROM link_click WHERE issue_id = \(issueID) ORDER BY clicks DESC, url COLLATE \"C\"").map { row in
            LinkClicks(url: try row.value("url"), clicks: Int(try row.value("clicks", as: Int64.self)))
        }
    }
}

extension PostgresSubscriberStore {
    public func statusChangesByDay() async throws -> [StatusChangeDay] {
        try await store.rows("""
            SELECT day, old_status, new_status, SUM(n)::BIGINT AS n FROM (
                SELECT to_char(to_timestamp(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, old_status, new_status, COUNT(*) AS n FROM event
                WHERE new_status IS NOT NULL AND (old_status IS NULL OR old_status <> new_status)
                GROUP BY 1, 2, 3
                UNION ALL
                SELECT to_char(to_timestamp(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), NULL, new_status,
                       (SELECT COUNT(*) FROM subscriber WHERE id BETWEEN first_id AND last_id) FROM import_event
            ) AS changes WHERE n > 0 GROUP BY 1, 2, 3 ORDER BY 1
            """).map { row in
            StatusChangeDay(day: try row.value("day"), old: try row.value("old_status", as: String?.self).flatMap(SubscriberStatus.init(rawValue:)),
                            new: try row.value("new_status", as: String?.self).flatMap(SubscriberStatus.init(rawValue:)),
                            count: Int(try row.value("n", as: Int64.self)))
        }
    }

    public func unsubscribesByIssue() async throws -> [String: Int] {
        var out: [String: Int] = [:]
        for row in try await store.rows("""
            SELECT issue_id, COUNT(*) AS n FROM event WHERE issue_id IS NOT NULL AND action = \(ConsentAction.unsubscribe) GROUP BY issue_id
            """) {
            out[try row.value("issue_id", as: String.self)] = Int(try row.value("n", as: Int64.self))
        }
        return out
    }
}
