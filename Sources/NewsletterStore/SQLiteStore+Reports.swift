import Foundation
import GRDB
import NewsletterCore

extension SQLiteIssueLedger {
    public func stats(issueID: String) async throws -> IssueStats {
        try await writer.read { db in
            var stats = IssueStats()
            guard let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS recipients, TOTAL(state = '\(DeliveryState.sent)') AS delivered, TOTAL(state = '\(DeliveryState.queued)' AND attempts > 0) AS deferred,
                    TOTAL(state = '\(DeliveryState.failed)') AS failed, TOTAL(state = '\(DeliveryState.bounced)' OR bounce LIKE 'bounced;%') AS hard,
                    TOTAL(state <> '\(DeliveryState.bounced)' AND bounce LIKE 'soft-bounce;%') AS soft, TOTAL(bounce LIKE 'complained;%') AS complaints,
                    TOTAL(state = '\(DeliveryState.unknown)') AS unknown
                FROM delivery WHERE issue_id = ?
                """, arguments: [issueID]) else { return stats }
            stats.recipients = row["recipients"]
            stats.delivered = Int(row["delivered"] as Double)
            stats.deferred = Int(row["deferred"] as Double)
            stats.failed = Int(row["failed"] as Double)
            stats.bouncedHard = Int(row["hard"] as Double)
            stats.bouncedSoft = Int(row["soft"] as Double)
            stats.complaints = Int(row["complaints"] as Double)
            stats.unknown = Int(row["unknown"] as Double)
            return stats
        }
    }
}

extension SQLiteIssueLedger {
    public func troubledCopies(issueID: String, limit: Int) async throws -> [TroubledCopy] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT email, state, COALESCE(bounce, reply) AS note FROM delivery WHERE issue_id = ?
                AND (state IN (\(DeliveryState.sqlList([.bounced, .failed, .unknown]))) OR bounce IS NOT NULL) ORDER BY email LIMIT ?
                """, arguments: [issueID, limit]).map { row in
                TroubledCopy(email: row["email"], state: DeliveryState(rawValue: row["state"]) ?? .unknown, note: row["note"])
            }
        }
    }
}

extension SQLiteIssueLedger {
    public func recordClick(issueID: String, url: String, now: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO link_click (issue_id, url, clicks, last) VALUES (?, ?, 1, ?)
                ON CONFLICT (issue_id, url) DO UPDATE SET clicks = clicks + 1, last = excluded.last
                """, arguments: [issueID, url, now.timeIntervalSince1970])
        }
    }

    public func linkClicks(issueID: String) async throws -> [LinkClicks] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT url, clicks FROM link_click WHERE issue_id = ? ORDER BY clicks DESC, url", arguments: [issueID])
                .map { LinkClicks(url: $0["url"], clicks: $0["clicks"]) }
        }
    }
}

extension SQLiteSubscriberStore {
    public func statusChangesByDay() async throws -> [StatusChangeDay] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT day, old_status, new_status, SUM(n) AS n FROM (
                    SELECT strftime('%Y-%m-%d', at, 'unixepoch') AS day, old_status, new_status, COUNT(*) AS n FROM event
                    WHERE new_status IS NOT NULL AND (old_status IS NULL OR old_status <> new_status)
                    GROUP BY day, old_status, new_status
                    UNION ALL
                    SELECT strftime('%Y-%m-%d', at, 'unixepoch'), NULL, new_status,
                           (SELECT COUNT(*) FROM subscriber WHERE id BETWEEN first_id AND last_id) FROM import_event
                ) WHERE n > 0 GROUP BY day, old_status, new_status ORDER BY day
                """).map { row in
                StatusChangeDay(day: row["day"], old: (row["old_status"] as String?).flatMap(SubscriberStatus.init(rawValue:)),
                                new: (row["new_status"] as String?).flatMap(SubscriberStatus.init(rawValue:)), count: row["n"])
            }
        }
    }

    public func unsubscribesByIssue() async throws -> [String: Int] {
        try await writer.read { db in
            var out: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT issue_id, COUNT(*) AS n FROM event WHERE issue_id IS NOT NULL AND action = '\(ConsentAction.unsubscribe)' GROUP BY issue_id
                """) {
                out[row["issue_id"]] = row["n"]
            }
            return out
        }
    }
}
