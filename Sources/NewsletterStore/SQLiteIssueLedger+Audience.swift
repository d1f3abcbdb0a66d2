import Foundation
import GRDB
import NewsletterCore

extension SQLiteIssueLedger {
    public func announcedPostIDs() async throws -> Set<String> {
        try await writer.read { db in Set(try String.fetchAll(db, sql: "SELECT post_id FROM announced_post")) }
    }

    public func receivedPostSets(among postIDs: [String], audience: IssueAudience, now: Date) async throws -> [Set<String>] {
        guard !postIDs.isEmpty else { return [] }
        return try await writer.read { db in
            var sets = Set<Set<String>>()
            try Self.forEachReceiver(db, postIDs: postIDs, audience: audience, time: now.timeIntervalSince1970) { sets.insert($0.received) }
            return sets.sorted { $0.sorted().joined() < $1.sorted().joined() }
        }
    }

    public func topicChoices(_ audience: IssueAudience, now: Date) async throws -> [String: Int] {
        try await writer.read { db in
            let (condition, arguments) = Self.eligible(audience, time: now.timeIntervalSince1970)
            var out: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT s.topics, COUNT(*) AS n FROM subscriber s WHERE \(condition) GROUP BY s.topics", arguments: arguments) {
                out[row["topics"] ?? ""] = row["n"]
            }
            return out
        }
    }

    public func audienceCount(_ audience: IssueAudience, now: Date, excludingReceiversOf postIDs: [String]) async throws -> Int {
        try await writer.read { db in
            var (condition, arguments) = Self.eligible(audience, time: now.timeIntervalSince1970)
            if !postIDs.isEmpty {
                condition += " AND NOT EXISTS (SELECT 1 FROM received_post r WHERE r.subscriber_id = s.id AND r.post_id IN (\(Self.placeholders(postIDs.count))))"
                arguments += StatementArguments(postIDs)
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM subscriber s WHERE \(condition)", arguments: arguments) ?? 0
        }
    }

    public func createIssue(_ issue: IssueRecord, audience: IssueAudience, now: Date) async throws -> Int {
        try await writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM issue WHERE id = ?)", arguments: [issue.id]) == false else {
                throw LedgerError.issueExists(issue.id)
            }
            if issue.onePerWeek, let other = try String.fetchOne(db, sql: "SELECT id FROM issue WHERE week = ? AND kind = 'digest'", arguments: [issue.week]) {
                throw LedgerError.issueExists(other)
            }
            let time = now.timeIntervalSince1970
            try SubscriberRows.endPauses(db, time: time)
            let created = issue.created.timeIntervalSince1970
            let posts = JSONValue.array(issue.postIDs.map(JSONValue.string)).render(pretty: false)
            try db.execute(sql: """
                INSERT INTO issue (id, created, week, subject, html, text, post_ids, identity, state, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '\(IssueState.sending)', ?)
                """, arguments: [issue.id, created, issue.week, issue.subject, issue.html, issue.text, posts, IdentityJSON.encode(issue.identity), issue.kind.rawValue])
            for variant in issue.variants {
                try db.execute(sql: "INSERT INTO issue_variant (issue_id, variant, omitted, subject, html, text) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [issue.id, variant.number, PostIDText.join(variant.omitted), variant.subject, variant.html, variant.text])
            }
            // Everyone in the audience who received none of these posts in an announcement
            // gets the issue as it is (a digest: the variant for the topics they follow), in
            // one statement per choice of topics.
            let (condition, arguments) = Self.eligible(audience, time: time)
            let marks = Self.placeholders(issue.postIDs.count)
            let choices: [String?] = issue.kind == .digest
                ? try String.fetchAll(db, sql: "SELECT DISTINCT s.topics FROM subscriber s WHERE \(condition)", arguments: arguments) : [nil]
            var queued = 0
            for choice in choices {
                var variant = 0
                if let choice {
                    guard let chosen = issue.copyVariant(forTopics: choice) else { continue }
                    variant = chosen
                }
                try db.execute(sql: """
                    INSERT INTO delivery (issue_id, subscriber_id, email, name, state, updated, variant)
                    SELECT ?, s.id, s.email, s.name, '\(DeliveryState.queued)', ?, ? FROM subscriber s
                    WHERE \(condition) \(choice == nil ? "" : "AND s.topics = ?")
                    AND NOT EXISTS (SELECT 1 FROM received_post r WHERE r.subscriber_id = s.id AND r.post_id IN (\(marks)))
                    """, arguments: [issue.id, created, variant] + arguments + StatementArguments(choice.map { [$0] } ?? []) + StatementArguments(issue.postIDs))
                queued += db.changesCount
            }
            switch issue.kind {
            case .digest:
                // The others get the variant without what they received; nothing when that is all.
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO delivery (issue_id, subscriber_id, email, name, state, updated, variant) VALUES (?, ?, ?, ?, '\(DeliveryState.queued)', ?, ?)
                    """)
                try Self.forEachReceiver(db, postIDs: issue.postIDs, audience: audience, time: time) { receiver in
                    guard let variant = issue.copyVariant(forTopics: receiver.topics, received: receiver.received) else { return }
                    try insert.execute(arguments: [issue.id, receiver.id, receiver.email, receiver.name, created, variant])
                    queued += 1
                }
                for id in issue.postIDs {
                    try db.execute(sql: "INSERT OR IGNORE INTO sent_post (post_id, issue_id) VALUES (?, ?)", arguments: [id, issue.id])
                }
            case .announcement:
                for id in issue.postIDs {
                    try db.execute(sql: """
                        INSERT OR IGNORE INTO received_post (subscriber_id, post_id, issue_id) SELECT subscriber_id, ?, ? FROM delivery WHERE issue_id = ?
                        """, arguments: [id, issue.id, issue.id])
                    try db.execute(sql: "INSERT OR IGNORE INTO announced_post (post_id, issue_id) VALUES (?, ?)", arguments: [id, issue.id])
                    // Sent to everyone: no digest carries it again.
                    if audience.cadence == nil {
                        try db.execute(sql: "INSERT OR IGNORE INTO sent_post (post_id, issue_id) VALUES (?, ?)", arguments: [id, issue.id])
                    }
                }
            }
            return queued
        }
    }

    /// The audience as a condition on `subscriber s`: confirmed, not paused at `time`, of
    /// the cadence, confirmed in time.
    static func eligible(_ audience: IssueAudience, time: Double) -> (String, StatementArguments) {
        var condition = "s.status = '\(SubscriberStatus.confirmed.rawValue)' AND (s.paused_until IS NULL OR s.paused_until <= ?)"
        var arguments: StatementArguments = [time]
        if let cadence = audience.cadence {
            condition += " AND s.cadence = ?"
            arguments += [cadence.rawValue]
        }
        if let by = audience.confirmedBy {
            condition += " AND s.confirmed <= ?"
            arguments += [by.timeIntervalSince1970]
        }
        if let topics = audience.topics, !topics.isEmpty {
            condition += " AND (\(TopicColumn.followsAny(topics, column: "s.topics")))"
        }
        return (condition, arguments)
    }

    /// Members of `audience` who received some of `postIDs` in announcements, with those posts,
    /// one at a time (a list where most readers take announcements is not held in memory).
    static func forEachReceiver(_ db: Database, postIDs: [String], audience: IssueAudience, time: Double,
                                _ body: ((id: Int64, email: String, name: String?, received: Set<String>, topics: String)) throws -> Void) throws {
        let (condition, arguments) = eligible(audience, time: time)
        let rows = try Row.fetchCursor(db, sql: """
            SELECT s.id, s.email, s.name, s.topics, group_concat(r.post_id, char(31)) AS received FROM subscriber s
            JOIN received_post r ON r.subscriber_id = s.id AND r.post_id IN (\(placeholders(postIDs.count)))
            WHERE \(condition) GROUP BY s.id ORDER BY s.id
            """, arguments: StatementArguments(postIDs) + arguments)
        while let row = try rows.next() {
            try body((row["id"], row["email"], row["name"], PostIDText.split(row["received"]), row["topics"] ?? ""))
        }
    }

    static func placeholders(_ count: Int) -> String {
        count == 0 ? "NULL" : Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
