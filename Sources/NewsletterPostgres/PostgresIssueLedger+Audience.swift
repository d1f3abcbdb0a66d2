import Foundation
import NewsletterCore
import PostgresNIO

extension PostgresIssueLedger {
    public func receivedPostSets(among postIDs: [String], audience: IssueAudience, now: Date) async throws -> [Set<String>] {
        guard !postIDs.isEmpty else { return [] }
        let logger = self.logger
        let (condition, binds) = try Self.eligible(audience, time: now.timeIntervalSince1970, after: [postIDs])
        // The distinct sets, not one row a reader: the server groups them.
        let sets = try await store.transaction { tx in
            Set(try await tx.rows(PostgresQuery(unsafeSQL: """
                SELECT DISTINCT g.received FROM subscriber s JOIN (\(Self.receivedGroups)) g ON g.subscriber_id = s.id WHERE \(condition)
                """, binds: binds), logger: logger).map { PostIDText.split(try $0.value("received", as: String.self)) })
        }
        return sets.sorted { $0.sorted().joined() < $1.sorted().joined() }
    }

    public func topicChoices(_ audience: IssueAudience, now: Date) async throws -> [String: Int] {
        let (condition, binds) = try Self.eligible(audience, time: now.timeIntervalSince1970, after: [])
        var out: [String: Int] = [:]
        for row in try await store.rows(PostgresQuery(unsafeSQL: "SELECT s.topics, COUNT(*) AS n FROM subscriber s WHERE \(condition) GROUP BY s.topics", binds: binds)) {
            out[try row.value("topics", as: String.self)] = Int(try row.value("n", as: Int64.self))
        }
        return out
    }

    public func audienceCount(_ audience: IssueAudience, now: Date, excludingReceiversOf postIDs: [String]) async throws -> Int {
        var (condition, binds) = try Self.eligible(audience, time: now.timeIntervalSince1970, after: [])
        if !postIDs.isEmpty {
            condition += " AND NOT EXISTS (SELECT 1 FROM received_post r WHERE r.subscriber_id = s.id AND r.post_id = ANY($\(binds.count + 1)))"
            binds.append(postIDs)
        }
        return Int(try await store.rows(PostgresQuery(unsafeSQL: "SELECT COUNT(*) AS n FROM subscriber s WHERE " + condition, binds: binds)).first?
            .value("n", as: Int64.self) ?? 0)
    }

    public func createIssue(_ issue: IssueRecord, audience: IssueAudience, now: Date) async throws -> Int {
        let logger = self.logger
        return try await store.transaction { tx in
            let time = now.timeIntervalSince1970
            // Issues are recorded one at a time across every machine.
            try await tx.rows("SELECT pg_advisory_xact_lock(\(PostgresSchema.lockKey + 1))", logger: logger)
            if issue.onePerWeek, let other = try await tx.rows("SELECT id FROM issue WHERE week = \(issue.week) AND kind = 'digest' LIMIT 1", logger: logger).first {
                throw LedgerError.issueExists(try other.value("id"))
            }
            try await PostgresRows.endPauses(tx, time: time, logger: logger)
            let created = issue.created.timeIntervalSince1970
            let posts = JSONValue.array(issue.postIDs.map(JSONValue.string)).render(pretty: false)
            // Two senders composing at once pick the same id: the second one joins the first's.
            let inserted = try await tx.rows("""
                INSERT INTO issue (id, created, week, subject, html, text, post_ids, identity, state, kind)
                VALUES (\(issue.id), \(created), \(issue.week), \(issue.subject), \(issue.html), \(issue.text), \(posts), \(IdentityJSON.encode(issue.identity)),
                        \(IssueState.sending), \(issue.kind.rawValue))
                ON CONFLICT (id) DO NOTHING RETURNING 1
                """, logger: logger)
            guard !inserted.isEmpty else { throw LedgerError.issueExists(issue.id) }
            for variant in issue.variants {
                let omitted = PostIDText.join(variant.omitted)
                try await tx.rows("""
                    INSERT INTO issue_variant (issue_id, variant, omitted, subject, html, text)
                    VALUES (\(issue.id), \(Int32(variant.number)), \(omitted), \(variant.subject), \(variant.html), \(variant.text))
                    """, logger: logger)
            }
            // Everyone in the audience who received none of these posts in an announcement
            // gets the issue as it is (a digest: the variant for the topics they follow), in
            // one statement per choice of topics.
            var choices: [String?] = [nil]
            if issue.kind == .digest {
                let (condition, binds) = try Self.eligible(audience, time: time, after: [])
                choices = try await tx.rows(PostgresQuery(unsafeSQL: "SELECT DISTINCT s.topics FROM subscriber s WHERE \(condition)", binds: binds), logger: logger)
                    .map { try $0.value("topics", as: String.self) }
            }
            var total = 0
            for choice in choices {
                var variant = 0
                if let choice {
                    guard let chosen = issue.copyVariant(forTopics: choice) else { continue }
                    variant = chosen
                }
                var (condition, binds) = try Self.eligible(audience, time: time, after: [issue.id, created, Int32(variant)])
                if let choice {
                    binds.append(choice)
                    condition += " AND s.topics = $\(binds.count)"
                }
                binds.append(issue.postIDs)
                total += try await Self.count(tx, inserted: """
                    INSERT INTO delivery (issue_id, subscriber_id, email, name, state, updated, variant)
                    SELECT $1, s.id, s.email, s.name, '\(DeliveryState.queued)', $2, $3 FROM subscriber s
                    WHERE \(condition) AND NOT EXISTS (SELECT 1 FROM received_post r WHERE r.subscriber_id = s.id AND r.post_id = ANY($\(binds.count)))
                    """, binds: binds, logger: logger)
            }
            switch issue.kind {
            case .digest:
                // The others get the variant without what they received (nothing when that is
                // all): one statement per distinct choice of topics and posts received.
                let (condition, binds) = try Self.eligible(audience, time: time, after: [issue.postIDs])
                let pairs = try await tx.rows(PostgresQuery(unsafeSQL: """
                    SELECT DISTINCT s.topics, g.received FROM subscriber s JOIN (\(Self.receivedGroups)) g ON g.subscriber_id = s.id WHERE \(condition)
                    """, binds: binds), logger: logger).map { (try $0.value("topics", as: String.self), try $0.value("received", as: String.self)) }
                for (topics, received) in pairs {
                    guard let variant = issue.copyVariant(forTopics: topics, received: PostIDText.split(received)) else { continue }
                    let (condition, binds) = try Self.eligible(audience, time: time, after: [issue.postIDs, issue.id, created, Int32(variant), topics, received])
                    total += try await Self.count(tx, inserted: """
                        INSERT INTO delivery (issue_id, subscriber_id, email, name, state, updated, variant)
                        SELECT $2, s.id, s.email, s.name, '\(DeliveryState.queued)', $3, $4 FROM subscriber s
                        JOIN (\(Self.receivedGroups)) g ON g.subscriber_id = s.id
                        WHERE \(condition) AND s.topics = $5 AND g.received = $6
                        """, binds: binds, logger: logger)
                }
                for id in issue.postIDs {
                    try await tx.rows("INSERT INTO sent_post (post_id, issue_id) VALUES (\(id), \(issue.id)) ON CONFLICT DO NOTHING", logger: logger)
                }
            case .announcement:
                for id in issue.postIDs {
                    try await tx.rows("""
                        INSERT INTO received_post (subscriber_id, post_id, issue_id) SELECT subscriber_id, \(id), \(issue.id) FROM delivery WHERE issue_id = \(issue.id)
                        ON CONFLICT DO NOTHING
                        """, logger: logger)
                    try await tx.rows("INSERT INTO announced_post (post_id, issue_id) VALUES (\(id), \(issue.id)) ON CONFLICT DO NOTHING", logger: logger)
                    if audience.cadence == nil {
                        try await tx.rows("INSERT INTO sent_post (post_id, issue_id) VALUES (\(id), \(issue.id)) ON CONFLICT DO NOTHING", logger: logger)
                    }
                }
            }
            return total
        }
    }

    /// The audience as a condition on `subscriber s`, and the bindings: `leading` as $1…,
    /// then the condition's own values.
    static func eligible(_ audience: IssueAudience, time: Double, after leading: [any PostgresThrowingDynamicTypeEncodable & Sendable])
        throws -> (String, PostgresBindings) {
        var binds = PostgresBindings()
        for value in leading { try binds.append(value) }
        binds.append(time)
        var condition = "s.status = '\(SubscriberStatus.confirmed.rawValue)' AND (s.paused_until IS NULL OR s.paused_until <= $\(binds.count))"
        if let cadence = audience.cadence {
            binds.append(cadence.rawValue)
            condition += " AND s.cadence = $\(binds.count)"
        }
        if let by = audience.confirmedBy {
            binds.append(by.timeIntervalSince1970)
            condition += " AND s.confirmed <= $\(binds.count)"
        }
        if let topics = audience.topics, !topics.isEmpty {
            condition += " AND (\(TopicColumn.followsAny(topics, column: "s.topics")))"
        }
        return (condition, binds)
    }

    /// Each reader's posts received among $1 (an array of post ids), as one text in post order.
    static let receivedGroups = """
        SELECT r.subscriber_id, string_agg(r.post_id, chr(31) ORDER BY r.post_id) AS received FROM received_post r
        WHERE r.post_id = ANY($1) GROUP BY r.subscriber_id
        """

    /// Runs an INSERT and returns how many rows it wrote, without a row back for each.
    static func count(_ tx: PostgresConnection, inserted sql: String, binds: PostgresBindings, logger: Logger) async throws -> Int {
        Int(try await tx.rows(PostgresQuery(unsafeSQL: "WITH inserted AS (\(sql) RETURNING 1) SELECT count(*) AS n FROM inserted", binds: binds), logger: logger)
            .first?.value("n", as: Int64.self) ?? 0)
    }
}
