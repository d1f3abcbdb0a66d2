import Foundation
import GRDB
import NewsletterCore

/// The send ledger on SQLite: the `issue`, `delivery` and `sent_post` tables.
public final class SQLiteIssueLedger: IssueLedger {
    let writer: any DatabaseWriter

    public init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    public func unfinishedIssue() async throws -> IssueRecord? {
        try await writer.read { db in try Self.fetchIssue(db, sql: "SELECT * FROM issue WHERE state = '\(IssueState.sending)' ORDER BY created LIMIT 1") }
    }

    public func issue(inWeek week: String) async throws -> IssueRecord? {
        try await writer.read { db in try Self.fetchIssue(db, sql: "SELECT * FROM issue WHERE week = ? AND kind = 'digest' LIMIT 1", arguments: [week]) }
    }

    public func issue(id: String) async throws -> IssueRecord? {
        try await writer.read { db in try Self.fetchIssue(db, sql: "SELECT * FROM issue WHERE id = ?", arguments: [id]) }
    }

    /// One issue with its variants.
    static func fetchIssue(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> IssueRecord? {
        guard var issue = try Row.fetchOne(db, sql: sql, arguments: arguments).map(Self.issue(from:)) else { return nil }
        issue.variants = try Row.fetchAll(db, sql: "SELECT * FROM issue_variant WHERE issue_id = ? ORDER BY variant", arguments: [issue.id]).map { row in
            IssueVariant(number: row["variant"], omitted: PostIDText.split(row["omitted"]), subject: row["subject"], html: row["html"], text: row["text"])
        }
        return issue
    }

    public func issues() async throws -> [IssueRecord] {
        try await writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM issue ORDER BY created DESC").map(Self.issue(from:)) }
    }

    public func sentPostIDs() async throws -> Set<String> {
        try await writer.read { db in Set(try String.fetchAll(db, sql: "SELECT post_id FROM sent_post")) }
    }

    public func recoverInterrupted(issueID: String, replay: JournalReplay, now: Date) async throws -> [String] {
        let time = now.timeIntervalSince1970
        return try await writer.write { db in
            for item in replay.finished {
                try Self.record(db, issueID: issueID, item, time: time)
            }
            let mark = try db.cachedStatement(sql: "UPDATE delivery SET state = '\(DeliveryState.sending)' WHERE issue_id = ? AND subscriber_id = ? AND state = '\(DeliveryState.claimed)'")
            for id in replay.started {
                try mark.execute(arguments: [issueID, id])
            }
            try db.execute(sql: "UPDATE delivery SET state = '\(DeliveryState.queued)' WHERE issue_id = ? AND state = '\(DeliveryState.claimed)'", arguments: [issueID])
            let inFlight = try String.fetchAll(db, sql: "SELECT email FROM delivery WHERE issue_id = ? AND state = '\(DeliveryState.sending)' ORDER BY subscriber_id", arguments: [issueID])
            try db.execute(sql: """
                UPDATE delivery SET state = '\(DeliveryState.unknown)', updated = ?, reply = 'in flight when a send was interrupted; not resent' WHERE issue_id = ? AND state = '\(DeliveryState.sending)'
                """, arguments: [time, issueID])
            return inFlight
        }
    }

    public func claimDeliveries(issueID: String, limit: Int, now: Date) async throws -> [DeliveryItem] {
        try await writer.write { db in
            let time = now.timeIntervalSince1970
            return try Row.fetchAll(db, sql: """
                UPDATE delivery SET state = '\(DeliveryState.claimed)', updated = ?
                WHERE issue_id = ? AND subscriber_id IN (
                    SELECT subscriber_id FROM delivery WHERE issue_id = ? AND state = '\(DeliveryState.queued)' AND next_attempt <= ? ORDER BY next_attempt, subscriber_id LIMIT ?)
                RETURNING subscriber_id, email, name, attempts, variant
                """, arguments: [time, issueID, issueID, time, limit]).map {
                DeliveryItem(subscriberID: $0["subscriber_id"], email: $0["email"], name: $0["name"], attempts: $0["attempts"], variant: $0["variant"])
            }
        }
    }

    public func record(issueID: String, outcomes: [RecordedOutcome], now: Date) async throws {
        guard !outcomes.isEmpty else { return }
        let time = now.timeIntervalSince1970
        try await writer.write { db in
            for item in outcomes {
                try Self.record(db, issueID: issueID, item, time: time)
            }
        }
    }

    /// Only rows still `claimed` or `sending` are touched, so replaying an outcome twice
    /// (a journal read after its batch was committed) logs nothing twice.
    static func record(_ db: Database, issueID: String, _ item: RecordedOutcome, time: Double) throws {
        let update = try db.cachedStatement(sql: """
            UPDATE delivery SET state = ?, attempts = attempts + 1, next_attempt = ?, updated = ?, reply = ?, message_id = COALESCE(?, message_id)
            WHERE issue_id = ? AND subscriber_id = ? AND state IN (\(DeliveryState.sqlList(DeliveryState.held)))
            """)
        let (id, messageID) = (item.subscriberID, item.messageID)
        let (state, due, reply) = DeliveryState.after(item.outcome)
        try update.execute(arguments: [state.rawValue, due, time, reply, messageID, issueID, id])
        switch item.outcome {
        case .sent, .deferred:
            break
        case .failed:
            try notReceived(db, issueID: issueID, subscriberID: id)
        case .bounced(let reply):
            if db.changesCount > 0, var subscriber = try SubscriberRows.fetch(db, address: item.email), subscriber.status != .bounced {
                try SubscriberRows.change(db, &subscriber, to: .bounced, action: .bounce, source: .smtp, context: nil, time: time, detail: reply)
            }
            try notReceived(db, issueID: issueID, subscriberID: id)
        }
    }

    public func deliveryCounts(issueID: String) async throws -> DeliveryCounts {
        try await writer.read { db in
            var counts = DeliveryCounts()
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM delivery WHERE issue_id = ? GROUP BY state", arguments: [issueID]) {
                counts.add(row["state"], row["n"])
            }
            return counts
        }
    }

    public func nextRetry(issueID: String) async throws -> Date? {
        try await writer.read { db in
            try Double.fetchOne(db, sql: "SELECT MIN(next_attempt) FROM delivery WHERE issue_id = ? AND state = '\(DeliveryState.queued)'", arguments: [issueID])
                .map { Date(timeIntervalSince1970: $0) }
        }
    }

    public func finishIssue(_ id: String, now: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE issue SET state = '\(IssueState.done)', finished = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, id])
        }
    }

    public func delivery(messageID: String) async throws -> DeliveryReference? {
        var id = messageID.trimmingCharacters(in: .whitespaces)
        if !id.hasPrefix("<") { id = "<" + id + ">" }
        return try await writer.read { [id] db in
            try Row.fetchOne(db, sql: "SELECT issue_id, subscriber_id, email FROM delivery WHERE message_id = ? LIMIT 1", arguments: [id]).map {
                DeliveryReference(issueID: $0["issue_id"], subscriberID: $0["subscriber_id"], email: $0["email"])
            }
        }
    }

    static func issue(from row: Row) -> IssueRecord {
        let ids = (try? JSONSerialization.jsonObject(with: Data((row["post_ids"] as String).utf8)) as? [String]) ?? []
        return IssueRecord(id: row["id"], created: Date(timeIntervalSince1970: row["created"]), week: row["week"], subject: row["subject"],
                           html: row["html"], text: row["text"], postIDs: ids, identity: IdentityJSON.decode(row["identity"]),
                           finished: (row["finished"] as Double?).map { Date(timeIntervalSince1970: $0) },
                           kind: IssueKind(rawValue: row["kind"] ?? "digest") ?? .digest)
    }

    /// A copy of an announcement that failed or bounced did not bring its post: a digest may.
    static func notReceived(_ db: Database, issueID: String, subscriberID: Int64) throws {
        try db.cachedStatement(sql: "DELETE FROM received_post WHERE subscriber_id = ? AND issue_id = ?").execute(arguments: [subscriberID, issueID])
    }
}
