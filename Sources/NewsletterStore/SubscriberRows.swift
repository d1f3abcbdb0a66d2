import Crypto
import Foundation
import GRDB
import NewsletterCore

/// The row-level steps the SQLite adapters share: reading a subscriber, changing a status
/// with its consent-log line, and the suppression hash.
enum SubscriberRows {
    static func change(_ db: Database, _ subscriber: inout Subscriber, to status: SubscriberStatus, action: ConsentAction, source: ChangeSource,
                       context: ChangeContext?, time: Double, detail: String? = nil, issueID: String? = nil) throws {
        let old = subscriber.status
        try db.execute(sql: """
            UPDATE subscriber SET status = ?, updated = ?, confirmed = COALESCE(?, confirmed) WHERE id = ?
            """, arguments: [status.rawValue, time, status == .confirmed ? time : nil, subscriber.id])
        try log(db, id: subscriber.id, action: action, old: old, new: status, source: source, context: context, detail: detail, time: time, issueID: issueID)
        subscriber.status = status
        subscriber.updated = Date(timeIntervalSince1970: time)
        if status == .confirmed { subscriber.confirmed = subscriber.updated }
    }

    static func log(_ db: Database, id: Int64, action: ConsentAction, old: SubscriberStatus?, new: SubscriberStatus?, source: ChangeSource,
                    context: ChangeContext?, detail: String?, time: Double, issueID: String? = nil) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO event (subscriber_id, at, action, old_status, new_status, source, ip, user_agent, detail, issue_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [id, time, action.rawValue, old?.rawValue, new?.rawValue, source.rawValue, context?.ip, context?.userAgent, ChangeContext.detail(detail, context), issueID])
    }

    static func fetch(_ db: Database, address: String) throws -> Subscriber? {
        try Row.fetchOne(db, sql: "SELECT * FROM subscriber WHERE email = ?", arguments: [address]).map(subscriber(from:))
    }

    static func subscriber(from row: Row) -> Subscriber {
        var attributes: [String: String] = [:]
        if let json: String = row["attributes"], let data = json.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: String] {
            attributes = object
        }
        return Subscriber(
            id: row["id"], email: row["email"], name: row["name"],
            status: SubscriberStatus(rawValue: row["status"]) ?? .pending,
            created: Date(timeIntervalSince1970: row["created"]),
            confirmed: (row["confirmed"] as Double?).map { Date(timeIntervalSince1970: $0) },
            updated: Date(timeIntervalSince1970: row["updated"]), attributes: attributes,
            softBounces: row["soft_bounces"] ?? 0,
            cadence: (row["cadence"] as String?).flatMap(Cadence.init(rawValue:)) ?? .weekly,
            pausedUntil: (row["paused_until"] as Double?).map { Date(timeIntervalSince1970: $0) },
            topics: TopicColumn.decode(row["topics"])
        )
    }

    /// Ends every pause whose date is at or before `time`, logging each end at its date.
    @discardableResult
    static func endPauses(_ db: Database, time: Double) throws -> Int {
        let ended = try Row.fetchAll(db, sql: "SELECT id, paused_until FROM subscriber WHERE paused_until IS NOT NULL AND paused_until <= ?",
                                     arguments: [time])
        for row in ended {
            let id: Int64 = row["id"]
            let until: Double = row["paused_until"]
            try db.execute(sql: "UPDATE subscriber SET paused_until = NULL WHERE id = ?", arguments: [id])
            try log(db, id: id, action: .pauseEnded, old: nil, new: nil, source: .schedule, context: nil,
                    detail: "the pause until \(UTCFormat.iso8601(Date(timeIntervalSince1970: until))) ended; mail resumes", time: until)
        }
        return ended.count
    }

    /// The salted hash that stands for an erased address, without regard to case (addresses
    /// are unique without regard to case too).
    static func suppressionHash(_ db: Database, _ address: String) throws -> String {
        SubscriberInput.suppressionHash(salt: try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'suppression_salt'") ?? "", address.lowercased())
    }

    /// The hashes an erased address may be kept under: without regard to case, and as
    /// stores before that wrote it (the address as it was).
    static func suppressionHashes(_ db: Database, _ address: String) throws -> [String] {
        let salt = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'suppression_salt'") ?? ""
        return SubscriberInput.suppressionHashes(salt: salt, address)
    }
}
