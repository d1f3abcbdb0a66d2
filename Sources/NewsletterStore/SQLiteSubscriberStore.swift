import Crypto
import Foundation
import GRDB
import NewsletterCore

/// The subscriber store on SQLite through GRDB, over an injected database writer (see
/// `SQLiteDatabase.pool(at:)`). Every status change is written with a line of the consent
/// log in the same transaction.
public final class SQLiteSubscriberStore: SubscriberStore, StatusWriter {
    let writer: any DatabaseWriter

    public init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    // MARK: - Reading

    public func subscriber(_ email: String) async throws -> Subscriber? {
        guard case .success(let address) = EmailSyntax.normalise(email) else { return nil }
        return try await writer.read { db in try SubscriberRows.fetch(db, address: address) }
    }

    public func events(of subscriber: Subscriber) async throws -> [ConsentEvent] {
        try await writer.read { db in
            // A subscriber an import added has its first line in the batch's range line.
            let imported = try Row.fetchOne(db, sql: "SELECT at, new_status FROM import_event WHERE first_id <= ? AND last_id >= ? ORDER BY first_id DESC LIMIT 1",
                                            arguments: [subscriber.id, subscriber.id]).map { row in
                ConsentEvent.imported(at: row["at"], status: row["new_status"])
            }
            return try Array(imported.map { [$0] } ?? []) + Row.fetchAll(db, sql: "SELECT * FROM event WHERE subscriber_id = ? ORDER BY id", arguments: [subscriber.id]).map { row in
                ConsentEvent(at: row["at"], action: row["action"],
                             oldStatus: (row["old_status"] as String?).flatMap(SubscriberStatus.init(rawValue:)),
                             newStatus: (row["new_status"] as String?).flatMap(SubscriberStatus.init(rawValue:)),
                             source: ChangeSource(rawValue: row["source"]) ?? .cli, ip: row["ip"], userAgent: row["user_agent"], detail: row["detail"])
            }
        }
    }

    public func page(status: SubscriberStatus?, afterID: Int64, limit: Int) async throws -> [Subscriber] {
        try await writer.read { db in
            if let status {
                return try Row.fetchAll(db, sql: "SELECT * FROM subscriber WHERE status = ? AND id > ? ORDER BY id LIMIT ?",
                                        arguments: [status.rawValue, afterID, limit]).map(SubscriberRows.subscriber(from:))
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM subscriber WHERE id > ? ORDER BY id LIMIT ?", arguments: [afterID, limit])
                .map(SubscriberRows.subscriber(from:))
        }
    }

    public func counts() async throws -> [SubscriberStatus: Int] {
        try await writer.read { db in
            var out: [SubscriberStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM subscriber GROUP BY status") {
                if let status = SubscriberStatus(rawValue: row["status"]) { out[status] = row["n"] }
            }
            return out
        }
    }

    // MARK: - Changing

    public func add(_ email: String, name: String?, confirmed: Bool, source: ChangeSource, context: ChangeContext?, now: Date) async throws -> AddOutcome {
        let address = try SubscriberInput.address(email)
        let name = name.flatMap(SubscriberInput.name)
        return try await writer.write { db in
            let time = now.timeIntervalSince1970
            if var existing = try SubscriberRows.fetch(db, address: address) {
                let previous = existing.status
                if let target = previous.afterRequest(confirmed: confirmed) {
                    try SubscriberRows.change(db, &existing, to: target, action: .resubscribe, source: source, context: context, time: time)
                }
                if let name, existing.name == nil {
                    try db.execute(sql: "UPDATE subscriber SET name = ? WHERE id = ?", arguments: [name, existing.id])
                    existing.name = name
                }
                return .existing(existing, previous: previous)
            }
            for hash in try SubscriberRows.suppressionHashes(db, address) {
                try db.execute(sql: "DELETE FROM suppression WHERE hash = ?", arguments: [hash])
            }
            let status: SubscriberStatus = confirmed ? .confirmed : .pending
            try db.execute(sql: """
                INSERT INTO subscriber (email, name, status, created, confirmed, updated, attributes)
                VALUES (?, ?, ?, ?, ?, ?, NULL)
                """, arguments: [address, name, status.rawValue, time, confirmed ? time : nil, time])
            let id = db.lastInsertedRowID
            try SubscriberRows.log(db, id: id, action: .subscribe, old: nil, new: status, source: source, context: context, detail: nil, time: time)
            return .created(try SubscriberRows.fetch(db, address: address)!)
        }
    }

    public func noteConfirmationSent(_ subscriber: Subscriber, now: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE subscriber SET confirmation_sent = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, subscriber.id])
            try SubscriberRows.log(db, id: subscriber.id, action: .confirmationSent, old: nil, new: nil, source: .cli, context: nil, detail: nil,
                                   time: now.timeIntervalSince1970)
        }
    }

    public func claimConfirmation(_ subscriber: Subscriber, interval: TimeInterval, now: Date) async throws -> Bool {
        let time = now.timeIntervalSince1970
        return try await writer.write { db in
            try db.execute(sql: "UPDATE subscriber SET confirmation_sent = ? WHERE id = ? AND (confirmation_sent IS NULL OR confirmation_sent <= ?)",
                           arguments: [time, subscriber.id, time - interval])
            guard db.changesCount == 1 else { return false }
            try SubscriberRows.log(db, id: subscriber.id, action: .confirmationSent, old: nil, new: nil, source: .web, context: nil, detail: nil, time: time)
            return true
        }
    }

    public func allowSignUp(client: String, limit: Int, window: TimeInterval, now: Date) async throws -> Bool {
        let time = now.timeIntervalSince1970
        return try await writer.write { db in
            // This key's old attempts, and anyone's from over a day ago (keys have windows of their own).
            try db.execute(sql: "DELETE FROM signup_attempt WHERE (client = ? AND at <= ?) OR at <= ?", arguments: [client, time - window, time - max(window, 86_400)])
            let recent = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM signup_attempt WHERE client = ?", arguments: [client]) ?? 0
            guard recent < limit else { return false }
            try db.execute(sql: "INSERT INTO signup_attempt (client, at) VALUES (?, ?)", arguments: [client, time])
            return true
        }
    }

    public func spendToken(_ token: String, now: Date) async throws -> Bool {
        let hash = Data(SHA256.hash(data: Data(token.utf8))).base64EncodedString()
        return try await writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO used_token (hash, at) VALUES (?, ?)", arguments: [hash, now.timeIntervalSince1970])
            return db.changesCount == 1
        }
    }

    public func erase(_ email: String, now: Date) async throws -> Bool {
        let address = try SubscriberInput.address(email)
        return try await writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO suppression (hash, reason, at) VALUES (?, 'erased', ?)",
                           arguments: [try SubscriberRows.suppressionHash(db, address), now.timeIntervalSince1970])
            try db.execute(sql: "DELETE FROM subscriber WHERE email = ?", arguments: [address])
            return db.changesCount > 0
        }
    }

    public func importer(confirmed: Bool, now: Date) async throws -> any SubscriberImporter {
        let (salt, suppressed) = try await writer.read { db in try SQLiteSubscriberImport.suppression(db) }
        return SQLiteSubscriberImport(writer: writer, confirmed: confirmed, now: now, salt: salt, suppressedHashes: suppressed)
    }

    // MARK: - Internals

    public func apply(_ request: StatusRequest, source: ChangeSource, context: ChangeContext?, now: Date) async throws -> Subscriber {
        let (status, action, detail, issueID) = (request.status, request.action, request.detail, request.issueID)
        let address = try SubscriberInput.address(request.email)
        return try await writer.write { db in
            guard var subscriber = try SubscriberRows.fetch(db, address: address) else { throw StoreError.unknownSubscriber(address) }
            if subscriber.status != status {
                try SubscriberRows.change(db, &subscriber, to: status, action: action, source: source, context: context,
                                          time: now.timeIntervalSince1970, detail: detail, issueID: issueID)
            }
            return subscriber
        }
    }
}
