import Crypto
import Foundation
import GRDB
import NewsletterCore

/// The subscriber store: SQLite through GRDB, WAL mode, versioned migrations, and one
/// method per intent. Every status change is written with a line of the consent log in the
/// same transaction.
public final class SQLiteSubscriberStore: Sendable {
    let pool: DatabasePool
    public let path: String

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    public init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try Self.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
    }

    // MARK: - Reading

    /// The subscriber with this address (normalised first), if any.
    public func subscriber(_ email: String) throws -> Subscriber? {
        guard case .success(let address) = EmailSyntax.normalise(email) else { return nil }
        return try pool.read { db in try Self.fetch(db, address: address) }
    }

    /// The consent log of one subscriber, oldest first.
    public func events(of subscriber: Subscriber) throws -> [SubscriberEvent] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM event WHERE subscriber_id = ? ORDER BY id", arguments: [subscriber.id]).map { row in
                SubscriberEvent(at: row["at"], action: row["action"],
                                oldStatus: (row["old_status"] as String?).flatMap(SubscriberStatus.init(rawValue:)),
                                newStatus: (row["new_status"] as String?).flatMap(SubscriberStatus.init(rawValue:)),
                                source: ChangeSource(rawValue: row["source"]) ?? .cli, ip: row["ip"], userAgent: row["user_agent"], detail: row["detail"])
            }
        }
    }

    /// Up to `limit` subscribers after `afterID` in id order, optionally of one status: the
    /// way to walk the list without holding it in memory.
    public func page(status: SubscriberStatus?, afterID: Int64, limit: Int) throws -> [Subscriber] {
        try pool.read { db in
            if let status {
                return try Row.fetchAll(db, sql: "SELECT * FROM subscriber WHERE status = ? AND id > ? ORDER BY id LIMIT ?",
                                        arguments: [status.rawValue, afterID, limit]).map(Self.subscriber(from:))
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM subscriber WHERE id > ? ORDER BY id LIMIT ?", arguments: [afterID, limit])
                .map(Self.subscriber(from:))
        }
    }

    /// Calls `body` for every subscriber (of `status`), in batches of `batchSize`.
    public func forEach(status: SubscriberStatus? = nil, batchSize: Int = 1000, _ body: (Subscriber) throws -> Void) throws {
        var after: Int64 = 0
        while true {
            let batch = try page(status: status, afterID: after, limit: batchSize)
            for s in batch { try body(s) }
            guard let last = batch.last, batch.count == batchSize else { return }
            after = last.id
        }
    }

    /// How many subscribers have each status.
    public func counts() throws -> [SubscriberStatus: Int] {
        try pool.read { db in
            var out: [SubscriberStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM subscriber GROUP BY status") {
                if let status = SubscriberStatus(rawValue: row["status"]) { out[status] = row["n"] }
            }
            return out
        }
    }

    // MARK: - Changing

    /// What `add` did.
    public enum AddOutcome: Sendable, Equatable {
        /// A new subscriber.
        case created(Subscriber)
        /// The address was there; its status may have moved to pending (a new request).
        case existing(Subscriber, previous: SubscriberStatus)
    }

    /// Adds a subscriber, or records a new request from an existing one.
    ///
    /// A new address becomes `pending` (or `confirmed` when `confirmed` is true, for an
    /// operator's own list). An address that had opted out becomes `pending` again: only
    /// confirming anew makes it `confirmed`.
    public func add(_ email: String, name: String?, confirmed: Bool, source: ChangeSource, context: RequestContext? = nil, now: Date) throws -> AddOutcome {
        let address = try Self.normalised(email)
        let name = name.flatMap(Self.cleanName)
        return try pool.write { db in
            let time = now.timeIntervalSince1970
            if var existing = try Self.fetch(db, address: address) {
                let previous = existing.status
                if previous.isOptedOut || (confirmed && previous == .pending) {
                    let target: SubscriberStatus = confirmed && !previous.isOptedOut ? .confirmed : .pending
                    try Self.change(db, &existing, to: target, action: "resubscribe", source: source, context: context, time: time)
                }
                if let name, existing.name == nil {
                    try db.execute(sql: "UPDATE subscriber SET name = ? WHERE id = ?", arguments: [name, existing.id])
                    existing.name = name
                }
                return .existing(existing, previous: previous)
            }
            try db.execute(sql: "DELETE FROM suppression WHERE hash = ?", arguments: [try Self.suppressionHash(db, address)])
            let status: SubscriberStatus = confirmed ? .confirmed : .pending
            try db.execute(sql: """
                INSERT INTO subscriber (email, name, status, created, confirmed, updated, attributes)
                VALUES (?, ?, ?, ?, ?, ?, NULL)
                """, arguments: [address, name, status.rawValue, time, confirmed ? time : nil, time])
            let id = db.lastInsertedRowID
            try Self.log(db, id: id, action: "subscribe", old: nil, new: status, source: source, context: context, detail: nil, time: time)
            return .created(try Self.fetch(db, address: address)!)
        }
    }

    /// Confirms a subscriber: the person's own confirmation, the only way back from an opt-out.
    @discardableResult
    public func confirm(_ email: String, source: ChangeSource, context: RequestContext? = nil, now: Date) throws -> Subscriber {
        try transition(email, to: .confirmed, action: "confirm", source: source, context: context, detail: nil, now: now)
    }

    /// Unsubscribes; unsubscribing twice changes nothing.
    @discardableResult
    public func unsubscribe(_ email: String, source: ChangeSource, context: RequestContext? = nil, now: Date) throws -> Subscriber {
        try transition(email, to: .unsubscribed, action: "unsubscribe", source: source, context: context, detail: nil, now: now)
    }

    /// Marks a hard bounce, keeping the server's reply as the reason.
    @discardableResult
    public func markBounced(_ email: String, reply: String, now: Date) throws -> Subscriber {
        try transition(email, to: .bounced, action: "bounce", source: .smtp, context: nil, detail: reply, now: now)
    }

    /// Marks a spam complaint (a feedback-loop report).
    @discardableResult
    public func markComplained(_ email: String, detail: String?, now: Date) throws -> Subscriber {
        try transition(email, to: .complained, action: "complaint", source: .smtp, context: nil, detail: detail, now: now)
    }

    /// Records that a confirmation email went out (for the once-an-hour rule).
    public func noteConfirmationSent(_ subscriber: Subscriber, now: Date) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE subscriber SET confirmation_sent = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, subscriber.id])
            try Self.log(db, id: subscriber.id, action: "confirmation-sent", old: nil, new: nil, source: .cli, context: nil, detail: nil,
                         time: now.timeIntervalSince1970)
        }
    }

    /// When the last confirmation email went to this subscriber.
    public func lastConfirmationSent(_ subscriber: Subscriber) throws -> Date? {
        try pool.read { db in
            try Double.fetchOne(db, sql: "SELECT confirmation_sent FROM subscriber WHERE id = ?", arguments: [subscriber.id])
                .map { Date(timeIntervalSince1970: $0) }
        }
    }

    /// Spends a one-use token; false when it was spent before.
    public func spendToken(_ token: String, now: Date) throws -> Bool {
        let hash = Data(SHA256.hash(data: Data(token.utf8))).base64EncodedString()
        return try pool.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO used_token (hash, at) VALUES (?, ?)", arguments: [hash, now.timeIntervalSince1970])
            return db.changesCount == 1
        }
    }

    /// Forgets a person: their row and consent log go; a salted hash of the address stays
    /// so that a later import does not add them back (GDPR Art. 17 with suppression).
    public func erase(_ email: String, now: Date) throws -> Bool {
        let address = try Self.normalised(email)
        return try pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO suppression (hash, reason, at) VALUES (?, 'erased', ?)",
                           arguments: [try Self.suppressionHash(db, address), now.timeIntervalSince1970])
            try db.execute(sql: "DELETE FROM subscriber WHERE email = ?", arguments: [address])
            return db.changesCount > 0
        }
    }

    /// Whether an address was erased and must not be imported again.
    public func isSuppressed(_ email: String) throws -> Bool {
        guard case .success(let address) = EmailSyntax.normalise(email) else { return false }
        return try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM suppression WHERE hash = ?)", arguments: [try Self.suppressionHash(db, address)]) ?? false
        }
    }

    // MARK: - Internals

    private func transition(_ email: String, to status: SubscriberStatus, action: String, source: ChangeSource, context: RequestContext?,
                            detail: String?, now: Date) throws -> Subscriber {
        let address = try Self.normalised(email)
        return try pool.write { db in
            guard var subscriber = try Self.fetch(db, address: address) else { throw StoreError.unknownSubscriber(address) }
            if subscriber.status != status {
                try Self.change(db, &subscriber, to: status, action: action, source: source, context: context, time: now.timeIntervalSince1970, detail: detail)
            }
            return subscriber
        }
    }

    static func change(_ db: Database, _ subscriber: inout Subscriber, to status: SubscriberStatus, action: String, source: ChangeSource,
                       context: RequestContext?, time: Double, detail: String? = nil) throws {
        let old = subscriber.status
        try db.execute(sql: """
            UPDATE subscriber SET status = ?, updated = ?, confirmed = CASE WHEN ? = 'confirmed' THEN ? ELSE confirmed END WHERE id = ?
            """, arguments: [status.rawValue, time, status.rawValue, time, subscriber.id])
        try log(db, id: subscriber.id, action: action, old: old, new: status, source: source, context: context, detail: detail, time: time)
        subscriber.status = status
        subscriber.updated = Date(timeIntervalSince1970: time)
        if status == .confirmed { subscriber.confirmed = subscriber.updated }
    }

    static func log(_ db: Database, id: Int64, action: String, old: SubscriberStatus?, new: SubscriberStatus?, source: ChangeSource,
                    context: RequestContext?, detail: String?, time: Double) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO event (subscriber_id, at, action, old_status, new_status, source, ip, user_agent, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [id, time, action, old?.rawValue, new?.rawValue, source.rawValue, context?.ip, context?.userAgent, detail])
    }

    /// A display name without control characters or runs of white space; nil when empty.
    static func cleanName(_ name: String) -> String? {
        let clean = HTMLText.collapseWhitespace(HeaderEncoding.sanitize(name))
        return clean.isEmpty ? nil : clean
    }

    static func normalised(_ email: String) throws -> String {
        switch EmailSyntax.normalise(email) {
        case .success(let address): return address
        case .failure(let problem): throw StoreError.invalidAddress(email.trimmingCharacters(in: .whitespacesAndNewlines), problem)
        }
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
            updated: Date(timeIntervalSince1970: row["updated"]), attributes: attributes
        )
    }

    /// The salted hash that stands for an erased address.
    static func suppressionHash(_ db: Database, _ address: String) throws -> String {
        hash(salt: try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'suppression_salt'") ?? "", address)
    }

    static func hash(salt: String, _ address: String) -> String {
        Data(SHA256.hash(data: Data((salt + address).utf8))).base64EncodedString()
    }
}
