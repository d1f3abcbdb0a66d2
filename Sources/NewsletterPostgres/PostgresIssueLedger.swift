import Foundation
import NewsletterCore
import PostgresNIO

/// The send ledger on PostgreSQL: the `issue`, `delivery` and `sent_post` tables. Copies are
/// claimed with `FOR UPDATE SKIP LOCKED`, so several workers never claim one copy twice.
public final class PostgresIssueLedger: IssueLedger, WorkerLeases, @unchecked Sendable {
    let store: PostgresStore

    init(store: PostgresStore) {
        self.store = store
    }

    var logger: Logger { store.logger }

    public func unfinishedIssue() async throws -> IssueRecord? {
        try await fetchIssue("SELECT * FROM issue WHERE state = \(IssueState.sending) ORDER BY created LIMIT 1")
    }

    public func issue(inWeek week: String) async throws -> IssueRecord? {
        try await fetchIssue("SELECT * FROM issue WHERE week = \(week) AND kind = 'digest' LIMIT 1")
    }

    public func issue(id: String) async throws -> IssueRecord? {
        try await fetchIssue("SELECT * FROM issue WHERE id = \(id)")
    }

    public func issues() async throws -> [IssueRecord] {
        try await store.rows("SELECT * FROM issue ORDER BY created DESC").map(Self.issue(from:))
    }

    public func sentPostIDs() async throws -> Set<String> {
        Set(try await store.rows("SELECT post_id FROM sent_post").map { try $0.value("post_id", as: String.self) })
    }

    public func announcedPostIDs() async throws -> Set<String> {
        Set(try await store.rows("SELECT post_id FROM announced_post").map { try $0.value("post_id", as: String.self) })
    }

    func fetchIssue(_ query: PostgresQuery) async throws -> IssueRecord? {
        guard var issue = try await store.rows(query).first.map(Self.issue(from:)) else { return nil }
        issue.variants = try await store.rows("SELECT * FROM issue_variant WHERE issue_id = \(issue.id) ORDER BY variant").map { row in
            IssueVariant(number: Int(try row.value("variant", as: Int32.self)), omitted: PostIDText.split(try row.value("omitted", as: String.self)), subject: try row.value("subject"),
                                html: try row.value("html"), text: try row.value("text"))
        }
        return issue
    }

    static func issue(from row: PostgresRow) throws -> IssueRecord {
        let ids = (try? JSONSerialization.jsonObject(with: Data((try row.value("post_ids", as: String.self)).utf8)) as? [String]) ?? []
        return IssueRecord(id: try row.value("id"), created: Date(timeIntervalSince1970: try row.value("created")), week: try row.value("week"),
                           subject: try row.value("subject"), html: try row.value("html"), text: try row.value("text"), postIDs: ids,
                           identity: IdentityJSON.decode(try row.value("identity")),
                           finished: try row.value("finished", as: Double?.self).map { Date(timeIntervalSince1970: $0) },
                           kind: IssueKind(rawValue: try row.value("kind")) ?? .digest)
    }

    /// After a crash of a process on this machine: its journals' finished copies get their
    /// outcomes and its started ones become `unknown`. Other claims are left alone (they may
    /// be live workers' elsewhere): a dead worker's come back when its lease runs out.
    public func recoverInterrupted(issueID: String, replay: JournalReplay, now: Date) async throws -> [String] {
        let time = now.timeIntervalSince1970
        let logger = self.logger
        return try await store.transaction { tx in
            for item in replay.finished { try await Self.record(tx, issueID: issueID, item, time: time, logger: logger) }
            let started = replay.started.map { Int64($0) }
            guard !started.isEmpty else { return [] }
            return try await tx.rows("""
                UPDATE delivery SET state = \(DeliveryState.unknown), updated = \(time), reply = 'in flight when a send was interrupted; not resent'
                WHERE issue_id = \(issueID) AND subscriber_id = ANY(\(started)) AND state IN (\(DeliveryState.held)) RETURNING email
                """, logger: logger).map { try $0.value("email", as: String.self) }.sorted()
        }
    }

    public func startCopy(issueID: String, subscriberID: Int64, now: Date) async throws -> Bool {
        let time = now.timeIntervalSince1970
        let (worker, lease) = (store.workerID, time + store.leaseSeconds)
        let mine = !(try await store.rows("""
            UPDATE delivery SET state = \(DeliveryState.sending), lease_until = \(lease), updated = \(time)
            WHERE issue_id = \(issueID) AND subscriber_id = \(subscriberID) AND state = \(DeliveryState.claimed) AND claimed_by = \(worker) RETURNING 1
            """).isEmpty)
        // The worker's other claims are renewed a few times per lease.
        let due = store.renewal.withLock {
            guard now.timeIntervalSince(store.lastRenewal) > store.leaseSeconds / 4 else { return false }
            store.lastRenewal = now
            return true
        }
        if due {
            // Rows another statement holds (a batch being recorded) are skipped, not waited
            // for: waiting on rows locked in another order is how two statements deadlock.
            try await store.rows("""
                WITH mine AS (
                    SELECT subscriber_id FROM delivery WHERE issue_id = \(issueID) AND claimed_by = \(worker) AND state IN (\(DeliveryState.held))
                    FOR UPDATE SKIP LOCKED)
                UPDATE delivery d SET lease_until = \(lease) FROM mine WHERE d.issue_id = \(issueID) AND d.subscriber_id = mine.subscriber_id
                """)
        }
        return mine
    }

    public func reclaimExpired(issueID: String, now: Date) async throws -> [String] {
        let time = now.timeIntervalSince1970
        let logger = self.logger
        return try await store.transaction { tx in
            // A row some statement holds is a live worker's (it is being recorded or renewed): skipped.
            try await tx.rows("""
                WITH expired AS (
                    SELECT subscriber_id FROM delivery WHERE issue_id = \(issueID) AND state = \(DeliveryState.claimed) AND lease_until < \(time)
                    FOR UPDATE SKIP LOCKED)
                UPDATE delivery d SET state = \(DeliveryState.queued), claimed_by = NULL, lease_until = NULL FROM expired
                WHERE d.issue_id = \(issueID) AND d.subscriber_id = expired.subscriber_id
                """, logger: logger)
            return try await tx.rows("""
                WITH expired AS (
                    SELECT subscriber_id FROM delivery WHERE issue_id = \(issueID) AND state = \(DeliveryState.sending) AND lease_until < \(time)
                    FOR UPDATE SKIP LOCKED)
                UPDATE delivery d SET state = \(DeliveryState.unknown), updated = \(time), reply = 'in flight when its worker stopped; not resent' FROM expired
                WHERE d.issue_id = \(issueID) AND d.subscriber_id = expired.subscriber_id RETURNING d.email
                """, logger: logger).map { try $0.value("email", as: String.self) }.sorted()
        }
    }

    public func claimDeliveries(issueID: String, limit: Int, now: Date) async throws -> [DeliveryItem] {
        let time = now.timeIntervalSince1970
        let (worker, lease) = (store.workerID, time + store.leaseSeconds)
        // A CTE runs its locking SELECT once (an IN (…) subquery may run again and pass LIMIT).
        return try await store.rows("""
            WITH picked AS (
                SELECT subscriber_id FROM delivery WHERE issue_id = \(issueID) AND state = \(DeliveryState.queued) AND next_attempt <= \(time)
                ORDER BY next_attempt, subscriber_id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            UPDATE delivery d SET state = \(DeliveryState.claimed), updated = \(time), claimed_by = \(worker), lease_until = \(lease) FROM picked
            WHERE d.issue_id = \(issueID) AND d.subscriber_id = picked.subscriber_id
            RETURNING d.subscriber_id, d.email, d.name, d.attempts, d.variant
            """).map { row in
            DeliveryItem(subscriberID: try row.value("subscriber_id"), email: try row.value("email"), name: try row.value("name"),
                         attempts: Int(try row.value("attempts", as: Int32.self)), variant: Int(try row.value("variant", as: Int32.self)))
        }.sorted { $0.subscriberID < $1.subscriberID }
    }

    public func record(issueID: String, outcomes: [RecordedOutcome], now: Date) async throws {
        guard !outcomes.isEmpty else { return }
        let time = now.timeIntervalSince1970
        let logger = self.logger
        try await store.transaction { tx in
            // Sent, deferred and failed copies in one statement; bounces one by one (each
            // also changes its subscriber).
            var ids: [Int64] = [], states: [String] = [], next: [Double] = [], replies: [String] = [], messageIDs: [String] = []
            var failed: [Int64] = []
            for item in outcomes {
                if case .bounced = item.outcome {
                    try await Self.record(tx, issueID: issueID, item, time: time, logger: logger)
                    continue
                }
                let (state, due, reply) = DeliveryState.after(item.outcome)
                if case .failed = item.outcome { failed.append(item.subscriberID) }
                ids.append(item.subscriberID)
                states.append(state.rawValue)
                next.append(due)
                replies.append(reply)
                messageIDs.append(item.messageID ?? "")
            }
            if !ids.isEmpty {
                try await tx.rows("""
                    UPDATE delivery d SET state = o.state, attempts = d.attempts + 1, next_attempt = o.next, updated = \(time), reply = o.reply,
                        message_id = COALESCE(NULLIF(o.message_id, ''), d.message_id)
                    FROM unnest(\(ids)::bigint[], \(states)::text[], \(next)::float8[], \(replies)::text[], \(messageIDs)::text[])
                        AS o(subscriber_id, state, next, reply, message_id)
                    WHERE d.issue_id = \(issueID) AND d.subscriber_id = o.subscriber_id AND d.state IN (\(DeliveryState.held))
                    """, logger: logger)
            }
            if !failed.isEmpty {
                try await tx.rows("DELETE FROM received_post WHERE subscriber_id = ANY(\(failed)) AND issue_id = \(issueID)", logger: logger)
            }
        }
    }

    /// Only rows still `claimed` or `sending` are touched, so replaying an outcome twice logs nothing twice.
    static func record(_ tx: PostgresConnection, issueID: String, _ item: RecordedOutcome, time: Double, logger: Logger) async throws {
        let (id, messageID) = (item.subscriberID, item.messageID)
        let (state, due, reply) = DeliveryState.after(item.outcome)
        let updated = !(try await tx.rows("""
            UPDATE delivery SET state = \(state.rawValue), attempts = attempts + 1, next_attempt = \(due), updated = \(time), reply = \(reply),
                message_id = COALESCE(\(messageID), message_id)
            WHERE issue_id = \(issueID) AND subscriber_id = \(id) AND state IN (\(DeliveryState.held)) RETURNING 1
            """, logger: logger).isEmpty)
        switch item.outcome {
        case .sent, .deferred:
            break
        case .failed:
            try await tx.rows("DELETE FROM received_post WHERE subscriber_id = \(id) AND issue_id = \(issueID)", logger: logger)
        case .bounced(let reply):
            if updated, var subscriber = try await PostgresRows.fetch(tx, address: item.email, logger: logger, lock: true), subscriber.status != .bounced {
                try await PostgresRows.change(tx, &subscriber, to: .bounced, action: .bounce, source: .smtp, context: nil, time: time, detail: reply, logger: logger)
            }
            try await tx.rows("DELETE FROM received_post WHERE subscriber_id = \(id) AND issue_id = \(issueID)", logger: logger)
        }
    }

    public func deliveryCounts(issueID: String) async throws -> DeliveryCounts {
        var counts = DeliveryCounts()
        for row in try await store.rows("SELECT state, COUNT(*) AS n FROM delivery WHERE issue_id = \(issueID) GROUP BY state") {
            counts.add(try row.value("state", as: String.self), Int(try row.value("n", as: Int64.self)))
        }
        return counts
    }

    public func nextRetry(issueID: String) async throws -> Date? {
        try await store.rows("SELECT MIN(next_attempt) AS t FROM delivery WHERE issue_id = \(issueID) AND state = \(DeliveryState.queued)").first?
            .value("t", as: Double?.self).map { Date(timeIntervalSince1970: $0) }
    }

    public func finishIssue(_ id: String, now: Date) async throws {
        try await store.rows("UPDATE issue SET state = \(IssueState.done), finished = \(now.timeIntervalSince1970) WHERE id = \(id)")
    }

    public func delivery(messageID: String) async throws -> DeliveryReference? {
        var id = messageID.trimmingCharacters(in: .whitespaces)
        if !id.hasPrefix("<") { id = "<" + id + ">" }
        return try await store.rows("SELECT issue_id, subscriber_id, email FROM delivery WHERE message_id = \(id) LIMIT 1").first.map {
            DeliveryReference(issueID: try $0.value("issue_id"), subscriberID: try $0.value("subscriber_id"), email: try $0.value("email"))
        }
    }
}
