import Crypto
import Foundation
import Logging
import NewsletterCore
import PostgresNIO

/// The row-level steps the PostgreSQL adapters share (as `SubscriberRows` for SQLite).
enum PostgresRows {
    static func subscriber(from row: PostgresRow) throws -> Subscriber {
        var attributes: [String: String] = [:]
        if let json = try row.value("attributes", as: String?.self), let data = json.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: String] {
            attributes = object
        }
        return Subscriber(
            id: try row.value("id"), email: try row.value("email"), name: try row.value("name"),
            status: SubscriberStatus(rawValue: try row.value("status")) ?? .pending,
            created: Date(timeIntervalSince1970: try row.value("created")),
            confirmed: try row.value("confirmed", as: Double?.self).map { Date(timeIntervalSince1970: $0) },
            updated: Date(timeIntervalSince1970: try row.value("updated")), attributes: attributes,
            softBounces: Int(try row.value("soft_bounces", as: Int32.self)),
            cadence: Cadence(rawValue: try row.value("cadence")) ?? .weekly,
            pausedUntil: try row.value("paused_until", as: Double?.self).map { Date(timeIntervalSince1970: $0) },
            topics: TopicColumn.decode(try row.value("topics", as: String?.self)))
    }

    static func fetch(_ tx: PostgresConnection, address: String, logger: Logger, lock: Bool = false) async throws -> Subscriber? {
        let sql: PostgresQuery = lock ? "SELECT * FROM subscriber WHERE lower(email) = lower(\(address)) FOR UPDATE"
            : "SELECT * FROM subscriber WHERE lower(email) = lower(\(address))"
        return try await tx.rows(sql, logger: logger).first.map(subscriber(from:))
    }

    static func fetch(_ tx: PostgresConnection, id: Int64, logger: Logger, lock: Bool = false) async throws -> Subscriber? {
        let sql: PostgresQuery = lock ? "SELECT * FROM subscriber WHERE id = \(id) FOR UPDATE" : "SELECT * FROM subscriber WHERE id = \(id)"
        return try await tx.rows(sql, logger: logger).first.map(subscriber(from:))
    }

    static func change(_ tx: PostgresConnection, _ subscriber: inout Subscriber, to status: SubscriberStatus, action: ConsentAction, source: ChangeSource,
                       context: ChangeContext?, time: Double, detail: String? = nil, issueID: String? = nil, logger: Logger) async throws {
        let old = subscriber.status
        let confirmed: Double? = status == .confirmed ? time : nil
        try await tx.rows("""
            UPDATE subscriber SET status = \(status.rawValue), updated = \(time), confirmed = COALESCE(\(confirmed), confirmed) WHERE id = \(subscriber.id)
            """, logger: logger)
        try await log(tx, id: subscriber.id, action: action, old: old, new: status, source: source, context: context, detail: detail, time: time,
                      issueID: issueID, logger: logger)
        subscriber.status = status
        subscriber.updated = Date(timeIntervalSince1970: time)
        if status == .confirmed { subscriber.confirmed = subscriber.updated }
    }

    static func log(_ tx: PostgresConnection, id: Int64, action: ConsentAction, old: SubscriberStatus?, new: SubscriberStatus?, source: ChangeSource,
                    context: ChangeContext?, detail: String?, time: Double, issueID: String? = nil, logger: Logger) async throws {
        try await tx.rows("""
            INSERT INTO event (subscriber_id, at, action, old_status, new_status, source, ip, user_agent, detail, issue_id)
            VALUES (\(id), \(time), \(action.rawValue), \(old?.rawValue), \(new?.rawValue), \(source.rawValue), \(context?.ip), \(context?.userAgent), \(ChangeContext.detail(detail, context)),
                    \(issueID))
            """, logger: logger)
    }

    /// Ends every pause due at `time`, logging each end at its date.
    @discardableResult
    static func endPauses(_ tx: PostgresConnection, time: Double, logger: Logger) async throws -> Int {
        let ended = try await tx.rows("""
            UPDATE subscriber s SET paused_until = NULL FROM (SELECT id, paused_until FROM subscriber WHERE paused_until IS NOT NULL AND paused_until <= \(time) FOR UPDATE) old
            WHERE s.id = old.id RETURNING s.id, old.paused_until
            """, logger: logger)
        for row in ended {
            let until: Double = try row.value("paused_until")
            try await log(tx, id: try row.value("id"), action: .pauseEnded, old: nil, new: nil, source: .schedule, context: nil,
                          detail: "the pause until \(UTCFormat.iso8601(Date(timeIntervalSince1970: until))) ended; mail resumes", time: until, logger: logger)
        }
        return ended.count
    }

    static func salt(_ tx: PostgresConnection, logger: Logger) async throws -> String {
        try await tx.rows("SELECT value FROM setting WHERE key = 'suppression_salt'", logger: logger).first?.value("value") ?? ""
    }

}
