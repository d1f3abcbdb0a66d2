import Crypto
import Foundation
import NewsletterCore
import PostgresNIO

/// The subscriber store on PostgreSQL: every status change with its consent-log line in one
/// transaction; rows are locked (`FOR UPDATE`) while they change, so several processes on
/// several machines can change one subscriber at once and each sees the other's result.
public final class PostgresSubscriberStore: SubscriberStore, StatusWriter, @unchecked Sendable {
    let store: PostgresStore

    init(store: PostgresStore) {
        self.store = store
    }

    var logger: Logger { store.logger }

    public func subscriber(_ email: String) async throws -> Subscriber? {
        guard case .success(let address) = EmailSyntax.normalise(email) else { return nil }
        return try await store.rows("SELECT * FROM subscriber WHERE lower(email) = lower(\(address))").first.map(PostgresRows.subscriber(from:))
    }

    public func subscriber(id: Int64) async throws -> Subscriber? {
        try await store.rows("SELECT * FROM subscriber WHERE id = \(id)").first.map(PostgresRows.subscriber(from:))
    }

    public func events(of subscriber: Subscriber) async throws -> [ConsentEvent] {
        // A subscriber a copied SQLite import added has its first line in the batch's range line.
        let imported = try await store.rows("""
            SELECT at, new_status FROM import_event WHERE first_id <= \(subscriber.id) AND last_id >= \(subscriber.id) ORDER BY first_id DESC LIMIT 1
            """).first.map { row in
            ConsentEvent.imported(at: try row.value("at"), status: try row.value("new_status"))
        }
        return try await Array(imported.map { [$0] } ?? []) + store.rows("SELECT * FROM event WHERE subscriber_id = \(subscriber.id) ORDER BY id").map { row in
            ConsentEvent(at: try row.value("at"), action: try row.value("action"),
                         oldStatus: try row.value("old_status", as: String?.self).flatMap(SubscriberStatus.init(rawValue:)),
                         newStatus: try row.value("new_status", as: String?.self).flatMap(SubscriberStatus.init(rawValue:)),
                         source: ChangeSource(rawValue: try row.value("source")) ?? .cli, ip: try row.value("ip"), userAgent: try row.value("user_agent"),
                         detail: try row.value("detail"))
        }
    }

    public func page(status: SubscriberStatus?, afterID: Int64, limit: Int) async throws -> [Subscriber] {
        if let status {
            return try await store.rows("SELECT * FROM subscriber WHERE status = \(status.rawValue) AND id > \(afterID) ORDER BY id LIMIT \(limit)")
                .map(PostgresRows.subscriber(from:))
        }
        return try await store.rows("SELECT * FROM subscriber WHERE id > \(afterID) ORDER BY id LIMIT \(limit)").map(PostgresRows.subscriber(from:))
    }

    public func counts() async throws -> [SubscriberStatus: Int] {
        var out: [SubscriberStatus: Int] = [:]
        for row in try await store.rows("SELECT status, COUNT(*) AS n FROM subscriber GROUP BY status") {
            if let status = SubscriberStatus(rawValue: try row.value("status")) { out[status] = Int(try row.value("n", as: Int64.self)) }
        }
        return out
    }

    public func add(_ email: String, name: String?, confirmed: Bool, source: ChangeSource, context: ChangeContext?, now: Date) async throws -> AddOutcome {
        let address = try SubscriberInput.address(email)
        let name = name.flatMap(SubscriberInput.name)
        let logger = self.logger
        return try await store.transaction { tx in
            let time = now.timeIntervalSince1970
            let status: SubscriberStatus = confirmed ? .confirmed : .pending
            let confirmedAt: Double? = confirmed ? time : nil
            // Two sign-ups of one address at once: the unique index lets one insert win; the
            // other finds the row below, locked until the first commits.
            let inserted = try await tx.rows("""
                INSERT INTO subscriber (email, name, status, created, confirmed, updated) VALUES (\(address), \(name), \(status.rawValue), \(time), \(confirmedAt), \(time))
                ON CONFLICT ((lower(email))) DO NOTHING RETURNING id
                """, logger: logger)
            if let row = inserted.first {
                let id: Int64 = try row.value("id")
                let salt = try await PostgresRows.salt(tx, logger: logger)
                let hashes = SubscriberInput.suppressionHashes(salt: salt, address)
                try await tx.rows("DELETE FROM suppression WHERE hash = ANY(\(hashes))", logger: logger)
                try await PostgresRows.log(tx, id: id, action: .subscribe, old: nil, new: status, source: source, context: context, detail: nil, time: time,
                                           logger: logger)
                return .created(try await PostgresRows.fetch(tx, id: id, logger: logger)!)
            }
            guard var existing = try await PostgresRows.fetch(tx, address: address, logger: logger, lock: true) else {
                throw StoreError.unknownSubscriber(address)
            }
            let previous = existing.status
            if let target = previous.afterRequest(confirmed: confirmed) {
                try await PostgresRows.change(tx, &existing, to: target, action: .resubscribe, source: source, context: context, time: time, logger: logger)
            }
            if let name, existing.name == nil {
                try await tx.rows("UPDATE subscriber SET name = \(name) WHERE id = \(existing.id)", logger: logger)
                existing.name = name
            }
            return .existing(existing, previous: previous)
        }
    }

    public func noteConfirmationSent(_ subscriber: Subscriber, now: Date) async throws {
        let logger = self.logger
        try await store.transaction { tx in
            let time = now.timeIntervalSince1970
            try await tx.rows("UPDATE subscriber SET confirmation_sent = \(time) WHERE id = \(subscriber.id)", logger: logger)
            try await PostgresRows.log(tx, id: subscriber.id, action: .confirmationSent, old: nil, new: nil, source: .cli, context: nil, detail: nil,
                                       time: time, logger: logger)
        }
    }

    public func claimConfirmation(_ subscriber: Subscriber, interval: TimeInterval, now: Date) async throws -> Bool {
        let time = now.timeIntervalSince1970
        let logger = self.logger
        return try await store.transaction { tx in
            let claimed = try await tx.rows("""
                UPDATE subscriber SET confirmation_sent = \(time)
                WHERE id = \(subscriber.id) AND (confirmation_sent IS NULL OR confirmation_sent <= \(time - interval)) RETURNING 1
                """, logger: logger)
            guard !claimed.isEmpty else { return false }
            try await PostgresRows.log(tx, id: subscriber.id, action: .confirmationSent, old: nil, new: nil, source: .web, context: nil, detail: nil,
                                       time: time, logger: logger)
            return true
        }
    }

    public func allowSignUp(client: String, limit: Int, window: TimeInterval, now: Date) async throws -> Bool {
        let time = now.timeIntervalSince1970
        let logger = self.logger
        return try await store.transaction { tx in
            // One client's sign-ups are counted one at a time, whichever server they reach.
            try await tx.rows("SELECT pg_advisory_xact_lock(hashtext(\(client)))", logger: logger)
            try await tx.rows("DELETE FROM signup_attempt WHERE client = \(client) AND at <= \(time - window)", logger: logger)
            let recent = try await tx.rows("SELECT COUNT(*) AS n FROM signup_attempt WHERE client = \(client)", logger: logger).first?.value("n", as: Int64.self) ?? 0
            guard recent < Int64(limit) else { return false }
            try await tx.rows("INSERT INTO signup_attempt (client, at) VALUES (\(client), \(time))", logger: logger)
            return true
        }
    }

    public func spendToken(_ token: String, now: Date) async throws -> Bool {
        let hash = Data(SHA256.hash(data: Data(token.utf8))).base64EncodedString()
        return !(try await store.rows("INSERT INTO used_token (hash, at) VALUES (\(hash), \(now.timeIntervalSince1970)) ON CONFLICT DO NOTHING RETURNING 1").isEmpty)
    }

    public func erase(_ email: String, now: Date) async throws -> Bool {
        let address = try SubscriberInput.address(email)
        let logger = self.logger
        return try await store.transaction { tx in
            let hash = SubscriberInput.suppressionHash(salt: try await PostgresRows.salt(tx, logger: logger), address.lowercased())
            try await tx.rows("""
                INSERT INTO suppression (hash, reason, at) VALUES (\(hash), 'erased', \(now.timeIntervalSince1970))
                ON CONFLICT (hash) DO UPDATE SET reason = excluded.reason, at = excluded.at
                """, logger: logger)
            return !(try await tx.rows("DELETE FROM subscriber WHERE lower(email) = lower(\(address)) RETURNING 1", logger: logger).isEmpty)
        }
    }

    public func importer(confirmed: Bool, now: Date) async throws -> any SubscriberImporter {
        let (salt, suppressed) = try await store.transaction { [logger] tx in
            (try await PostgresRows.salt(tx, logger: logger), Set(try await tx.rows("SELECT hash FROM suppression", logger: logger).map { try $0.value("hash", as: String.self) }))
        }
        return PostgresSubscriberImport(store: store, confirmed: confirmed, now: now, salt: salt, suppressedHashes: suppressed)
    }

    @discardableResult
    public func updatePreferences(_ email: String, _ change: PreferenceChange, source: ChangeSource, context: ChangeContext?, now: Date) async throws -> Subscriber {
        let address = try SubscriberInput.address(email)
        let logger = self.logger
        return try await store.transaction { tx in
            let time = now.timeIntervalSince1970
            try await PostgresRows.endPauses(tx, time: time, logger: logger)
            guard let subscriber = try await PostgresRows.fetch(tx, address: address, logger: logger, lock: true) else { throw StoreError.unknownSubscriber(address) }
            func log(_ action: ConsentAction, _ detail: String) async throws {
                try await PostgresRows.log(tx, id: subscriber.id, action: action, old: nil, new: nil, source: source, context: context, detail: detail,
                                           time: time, logger: logger)
            }
            if let cadence = change.cadence, cadence != subscriber.cadence {
                try await tx.rows("UPDATE subscriber SET cadence = \(cadence.rawValue), updated = \(time) WHERE id = \(subscriber.id)", logger: logger)
                try await log(.cadence, "\(subscriber.cadence.rawValue) → \(cadence.rawValue)")
            }
            switch change.pause {
            case .until(let date)? where date > now && subscriber.pausedUntil != date:
                try await tx.rows("UPDATE subscriber SET paused_until = \(date.timeIntervalSince1970), updated = \(time) WHERE id = \(subscriber.id)", logger: logger)
                try await log(.pause, "until \(UTCFormat.iso8601(date))")
            case .resume? where subscriber.pausedUntil != nil:
                try await tx.rows("UPDATE subscriber SET paused_until = NULL, updated = \(time) WHERE id = \(subscriber.id)", logger: logger)
                try await log(.resume, "the pause until \(UTCFormat.iso8601(subscriber.pausedUntil!)) ended early")
            default:
                break
            }
            if let topics = change.topics, topics.sorted() != subscriber.topics {
                try await tx.rows("UPDATE subscriber SET topics = \(TopicColumn.encode(topics)), updated = \(time) WHERE id = \(subscriber.id)", logger: logger)
                try await log(.topics, PreferenceChange.topicsDetail(subscriber.topics, topics.sorted()))
            }
            if let name = change.name {
                let clean = SubscriberInput.name(name)
                if clean != subscriber.name {
                    try await tx.rows("UPDATE subscriber SET name = \(clean), updated = \(time) WHERE id = \(subscriber.id)", logger: logger)
                    try await log(.name, clean == nil ? "name removed" : "name changed")
                }
            }
            return try await PostgresRows.fetch(tx, id: subscriber.id, logger: logger)!
        }
    }

    @discardableResult
    public func endPauses(now: Date) async throws -> Int {
        try await store.transaction { [logger] tx in try await PostgresRows.endPauses(tx, time: now.timeIntervalSince1970, logger: logger) }
    }

    public func apply(_ request: StatusRequest, source: ChangeSource, context: ChangeContext?, now: Date) async throws -> Subscriber {
        let (status, action, detail, issueID) = (request.status, request.action, request.detail, request.issueID)
        let address = try SubscriberInput.address(request.email)
        let logger = self.logger
        return try await store.transaction { tx in
            guard var subscriber = try await PostgresRows.fetch(tx, address: address, logger: logger, lock: true) else { throw StoreError.unknownSubscriber(address) }
            if subscriber.status != status {
                try await PostgresRows.change(tx, &subscriber, to: status, action: action, source: source, context: context,
                                              time: now.timeIntervalSince1970, detail: detail, issueID: issueID, logger: logger)
            }
            return subscriber
        }
    }
}

extension PostgresSubscriberStore {
    /// Prefixes through the byte-order indexes on the lowered address and name.
    public func search(_ query: SubscriberQuery) async throws -> [Subscriber] {
        var binds = PostgresBindings()
        binds.append(query.after)
        let email = #"(lower(email) COLLATE "C")"#
        var conditions = ["\(email) > $1"]
        if !query.prefix.isEmpty {
            binds.append(query.likePattern)
            conditions.append(#"(\#(email) LIKE $\#(binds.count) OR (lower(name) COLLATE "C") LIKE $\#(binds.count))"#)
        }
        if let status = query.status {
            binds.append(status.rawValue)
            conditions.append("status = $\(binds.count)")
        }
        if let cadence = query.cadence {
            binds.append(cadence.rawValue)
            conditions.append("cadence = $\(binds.count)")
        }
        let sql = "SELECT * FROM subscriber WHERE " + conditions.joined(separator: " AND ") + " ORDER BY \(email) LIMIT \(query.limit)"
        return try await store.rows(PostgresQuery(unsafeSQL: sql, binds: binds)).map(PostgresRows.subscriber(from:))
    }
}
