import Foundation
import GRDB
import NewsletterCore

/// One digest as recorded for sending: its rendered templates are kept, so a resumed send
/// (and the web archive) uses exactly the same text.
public struct IssueRecord: Sendable, Equatable {
    public var id: String
    public var created: Date
    /// The ISO week (`2026-W48`) it belongs to, for `send --weekly`.
    public var week: String
    public var subject: String
    public var html: String
    public var text: String
    public var postIDs: [String]
    /// Who sent it, so a resumed send and the archive use the same sender and links.
    public var identity: NewsletterIdentity
    public var finished: Date?

    public init(id: String, created: Date, week: String, subject: String, html: String, text: String, postIDs: [String],
                identity: NewsletterIdentity, finished: Date? = nil) {
        self.id = id
        self.created = created
        self.week = week
        self.subject = subject
        self.html = html
        self.text = text
        self.postIDs = postIDs
        self.identity = identity
        self.finished = finished
    }
}

/// One subscriber's copy of an issue.
public struct DeliveryItem: Sendable, Equatable {
    public var subscriberID: Int64
    public var email: String
    public var name: String?
    public var attempts: Int
}

/// How far an issue has gone.
public struct DeliveryCounts: Sendable, Equatable {
    public var queued = 0, claimed = 0, sending = 0, sent = 0, failed = 0, bounced = 0, unknown = 0
    public var pending: Int { queued + claimed + sending }

    public init() {}
}

/// The send ledger: an issue row and one delivery row per subscriber with its state
/// (queued → claimed → sent, failed or bounced; `unknown` for copies whose fate a crash
/// hid). Which claimed copy is in its SMTP transaction is in the `SendJournal`, written per
/// message without a database transaction; outcomes reach the ledger once per batch.
extension SQLiteSubscriberStore {
    /// The issue still being sent, if a send stopped half-way.
    public func unfinishedIssue() throws -> IssueRecord? {
        try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM issue WHERE state = 'sending' ORDER BY created LIMIT 1").map(Self.issue(from:)) }
    }

    /// The issue sent in an ISO week, if any.
    public func issue(inWeek week: String) throws -> IssueRecord? {
        try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM issue WHERE week = ? LIMIT 1", arguments: [week]).map(Self.issue(from:)) }
    }

    public func issue(id: String) throws -> IssueRecord? {
        try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM issue WHERE id = ?", arguments: [id]).map(Self.issue(from:)) }
    }

    /// Every sent issue, newest first (the archive).
    public func issues() throws -> [IssueRecord] {
        try pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM issue ORDER BY created DESC").map(Self.issue(from:)) }
    }

    /// The ids of posts that went into a digest already.
    public func sentPostIDs() throws -> Set<String> {
        try pool.read { db in Set(try String.fetchAll(db, sql: "SELECT post_id FROM sent_post")) }
    }

    /// Records an issue, queues it for every confirmed subscriber and marks its posts sent,
    /// in one transaction. Returns how many copies were queued.
    public func createIssue(_ issue: IssueRecord) throws -> Int {
        try pool.write { db in
            let time = issue.created.timeIntervalSince1970
            let posts = JSONValue.array(issue.postIDs.map(JSONValue.string)).render(pretty: false)
            try db.execute(sql: """
                INSERT INTO issue (id, created, week, subject, html, text, post_ids, identity, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'sending')
                """, arguments: [issue.id, time, issue.week, issue.subject, issue.html, issue.text, posts, Self.encode(issue.identity)])
            try db.execute(sql: """
                INSERT INTO delivery (issue_id, subscriber_id, email, name, state, updated)
                SELECT ?, id, email, name, 'queued', ? FROM subscriber WHERE status = 'confirmed'
                """, arguments: [issue.id, time])
            let queued = db.changesCount
            for id in issue.postIDs {
                try db.execute(sql: "INSERT OR IGNORE INTO sent_post (post_id, issue_id) VALUES (?, ?)", arguments: [id, issue.id])
            }
            return queued
        }
    }

    /// After a crash: the journals' finished copies get their outcomes; copies a journal
    /// shows started and not finished (and rows left `sending`) become `unknown` (maybe
    /// delivered, not sent again) and are returned; the rest of the claimed rows go back to
    /// the queue. The journals are removed once this is committed.
    public func recoverInterrupted(issueID: String, now: Date) throws -> [String] {
        let (replay, files) = SendJournal.replay(directory: journalDirectory, issueID: issueID)
        let time = now.timeIntervalSince1970
        let inFlight = try pool.write { db in
            for (id, email, outcome) in replay.finished {
                try Self.record(db, issueID: issueID, id: id, email: email, outcome: outcome, time: time)
            }
            let mark = try db.cachedStatement(sql: "UPDATE delivery SET state = 'sending' WHERE issue_id = ? AND subscriber_id = ? AND state = 'claimed'")
            for id in replay.started {
                try mark.execute(arguments: [issueID, id])
            }
            try db.execute(sql: "UPDATE delivery SET state = 'queued' WHERE issue_id = ? AND state = 'claimed'", arguments: [issueID])
            let inFlight = try String.fetchAll(db, sql: "SELECT email FROM delivery WHERE issue_id = ? AND state = 'sending' ORDER BY subscriber_id", arguments: [issueID])
            try db.execute(sql: """
                UPDATE delivery SET state = 'unknown', updated = ?, reply = 'in flight when a send was interrupted; not resent' WHERE issue_id = ? AND state = 'sending'
                """, arguments: [time, issueID])
            return inFlight
        }
        for file in files { unlink(file) }
        return inFlight
    }

    /// Claims up to `limit` queued copies that are due.
    public func claimDeliveries(issueID: String, limit: Int, now: Date) throws -> [DeliveryItem] {
        try pool.write { db in
            let time = now.timeIntervalSince1970
            return try Row.fetchAll(db, sql: """
                UPDATE delivery SET state = 'claimed', updated = ?
                WHERE issue_id = ? AND subscriber_id IN (
                    SELECT subscriber_id FROM delivery WHERE issue_id = ? AND state = 'queued' AND next_attempt <= ? ORDER BY next_attempt, subscriber_id LIMIT ?)
                RETURNING subscriber_id, email, name, attempts
                """, arguments: [time, issueID, issueID, time, limit]).map {
                DeliveryItem(subscriberID: $0["subscriber_id"], email: $0["email"], name: $0["name"], attempts: $0["attempts"])
            }
        }
    }

    /// The outcome of one copy.
    public enum DeliveryOutcome: Sendable {
        case sent(reply: String)
        case deferred(reply: String, retryAt: Date)
        case failed(reply: String)
        case bounced(reply: String)
    }

    /// Records outcomes of claimed copies in one transaction; a bounce also marks the
    /// subscriber `bounced` with the reply.
    public func record(issueID: String, outcomes: [(subscriberID: Int64, email: String, outcome: DeliveryOutcome)], now: Date) throws {
        guard !outcomes.isEmpty else { return }
        let time = now.timeIntervalSince1970
        try pool.write { db in
            for (id, email, outcome) in outcomes {
                try Self.record(db, issueID: issueID, id: id, email: email, outcome: outcome, time: time)
            }
        }
    }

    static func record(_ db: Database, issueID: String, id: Int64, email: String, outcome: DeliveryOutcome, time: Double) throws {
        let update = try db.cachedStatement(sql: """
            UPDATE delivery SET state = ?, attempts = attempts + 1, next_attempt = ?, updated = ?, reply = ?
            WHERE issue_id = ? AND subscriber_id = ? AND state IN ('claimed', 'sending')
            """)
        switch outcome {
        case .sent(let reply):
            try update.execute(arguments: ["sent", 0, time, reply, issueID, id])
        case .deferred(let reply, let retry):
            try update.execute(arguments: ["queued", retry.timeIntervalSince1970, time, reply, issueID, id])
        case .failed(let reply):
            try update.execute(arguments: ["failed", 0, time, reply, issueID, id])
        case .bounced(let reply):
            try update.execute(arguments: ["bounced", 0, time, reply, issueID, id])
            if db.changesCount > 0, var subscriber = try fetch(db, address: email), subscriber.status != .bounced {
                try change(db, &subscriber, to: .bounced, action: "bounce", source: .smtp, context: nil, time: time, detail: reply)
            }
        }
    }

    public func deliveryCounts(issueID: String) throws -> DeliveryCounts {
        try pool.read { db in
            var counts = DeliveryCounts()
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM delivery WHERE issue_id = ? GROUP BY state", arguments: [issueID]) {
                let n: Int = row["n"]
                switch row["state"] as String {
                case "queued": counts.queued = n
                case "claimed": counts.claimed = n
                case "sending": counts.sending = n
                case "sent": counts.sent = n
                case "failed": counts.failed = n
                case "bounced": counts.bounced = n
                default: counts.unknown = n
                }
            }
            return counts
        }
    }

    /// When the earliest deferred copy is due again.
    public func nextRetry(issueID: String) throws -> Date? {
        try pool.read { db in
            try Double.fetchOne(db, sql: "SELECT MIN(next_attempt) FROM delivery WHERE issue_id = ? AND state = 'queued'", arguments: [issueID])
                .map { Date(timeIntervalSince1970: $0) }
        }
    }

    public func finishIssue(_ id: String, now: Date) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE issue SET state = 'done', finished = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, id])
        }
    }

    static func issue(from row: Row) -> IssueRecord {
        let ids = (try? JSONSerialization.jsonObject(with: Data((row["post_ids"] as String).utf8)) as? [String]) ?? []
        return IssueRecord(id: row["id"], created: Date(timeIntervalSince1970: row["created"]), week: row["week"], subject: row["subject"],
                           html: row["html"], text: row["text"], postIDs: ids, identity: decode(row["identity"]),
                           finished: (row["finished"] as Double?).map { Date(timeIntervalSince1970: $0) })
    }

    static func encode(_ identity: NewsletterIdentity) -> String {
        JSONValue.object([
            ("name", .string(identity.name)), ("from_name", .optional(identity.from.name)), ("from", .string(identity.from.address)),
            ("reply_to", .optional(identity.replyTo?.address)), ("blog_url", .optional(identity.blogURL)), ("base_url", .string(identity.baseURL)),
            ("postal_address", .string(identity.postalAddress)), ("language", .string(identity.language)), ("feedback_id", .optional(identity.feedbackID)),
        ]).render(pretty: false)
    }

    static func decode(_ json: String) -> NewsletterIdentity {
        let o = (try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]) ?? [:]
        return NewsletterIdentity(
            name: o["name"] as? String ?? "Newsletter", from: EmailAddress(o["from"] as? String ?? "newsletter@localhost", name: o["from_name"] as? String),
            replyTo: (o["reply_to"] as? String).map { EmailAddress($0) }, blogURL: o["blog_url"] as? String,
            baseURL: o["base_url"] as? String ?? "http://127.0.0.1:8080", postalAddress: o["postal_address"] as? String ?? "",
            language: o["language"] as? String ?? "en", feedbackID: o["feedback_id"] as? String)
    }
}
