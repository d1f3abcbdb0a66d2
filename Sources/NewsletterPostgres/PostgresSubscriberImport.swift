import Foundation
import NewsletterCore
import PostgresNIO

/// The PostgreSQL import session: rows are buffered and written in batches of 5,000, one
/// transaction each (arrays through `unnest`), so memory stays flat and a crash loses at
/// most one batch.
public final class PostgresSubscriberImport: SubscriberImporter, @unchecked Sendable {
    struct Prepared {
        var address: String
        var name: String
        var attributes: String
        var topics: String
    }

    private let store: PostgresStore
    private let confirmed: Bool
    private let time: Double
    private let batchSize: Int
    private let salt: String
    private let suppressedHashes: Set<String>
    private var buffer: [Prepared] = []
    private var report = ImportReport()

    init(store: PostgresStore, confirmed: Bool, now: Date, salt: String, suppressedHashes: Set<String>, batchSize: Int = 5000) {
        self.store = store
        self.confirmed = confirmed
        self.time = now.timeIntervalSince1970
        self.salt = salt
        self.suppressedHashes = suppressedHashes
        self.batchSize = batchSize
    }

    public func add(_ row: ImportRow) async throws {
        report.rows += 1
        switch SubscriberInput.screen(row, salt: salt, suppressed: suppressedHashes) {
        case .invalid(let reason):
            report.invalid.append(.init(line: row.line, reason: reason))
        case .suppressed:
            report.suppressed += 1
        case .accepted(let address):
            buffer.append(Prepared(address: address, name: row.name.flatMap(SubscriberInput.name) ?? "", attributes: row.attributesJSON ?? "", topics: row.topics))
            if buffer.count >= batchSize { try await flush() }
        }
    }

    public func reject(line: Int, reason: String) {
        report.rows += 1
        report.invalid.append(.init(line: line, reason: reason))
    }

    public func finish() async throws -> ImportReport {
        try await flush()
        return report
    }

    private func flush() async throws {
        guard !buffer.isEmpty else { return }
        let rows = buffer
        buffer = []
        let (time, confirmed, logger) = (self.time, self.confirmed, store.logger)
        let status: SubscriberStatus = confirmed ? .confirmed : .pending
        let confirmedAt: Double? = confirmed ? time : nil
        let counts = try await store.transaction { tx -> (added: Int, present: Int, optedOut: Int) in
            let inserted = try await tx.rows("""
                INSERT INTO subscriber (email, name, status, created, confirmed, updated, attributes, topics)
                SELECT e, NULLIF(n, ''), \(status.rawValue), \(time), \(confirmedAt), \(time), NULLIF(a, ''), tp
                FROM unnest(\(rows.map(\.address))::text[], \(rows.map(\.name))::text[], \(rows.map(\.attributes))::text[], \(rows.map(\.topics))::text[])
                    WITH ORDINALITY AS t(e, n, a, tp, o)
                ORDER BY o
                ON CONFLICT ((lower(email))) DO NOTHING RETURNING id, lower(email) AS key
                """, logger: logger)
            var ids: [Int64] = []
            var new = Set<String>()
            for row in inserted {
                ids.append(try row.value("id"))
                new.insert(try row.value("key"))
            }
            if !ids.isEmpty {
                try await tx.rows("""
                    INSERT INTO event (subscriber_id, at, action, old_status, new_status, source)
                    SELECT id, \(time), \(ConsentAction.subscribe), NULL, \(status.rawValue), \(unescaped: "'\(ChangeSource.import.rawValue)'") FROM unnest(\(ids)::bigint[]) AS t(id) ORDER BY id
                    """, logger: logger)
            }
            var present = 0, optedOut = 0
            guard inserted.count < rows.count else { return (inserted.count, 0, 0) }
            // Rows whose address was there before the batch, and repeats within it.
            let older = Array(Set(rows.map { $0.address.lowercased() }).subtracting(new))
            var byKey: [String: Subscriber] = [:]
            for subscriber in try await tx.rows("SELECT * FROM subscriber WHERE lower(email) = ANY(\(older)) FOR UPDATE", logger: logger)
                .map(PostgresRows.subscriber(from:)) {
                byKey[subscriber.email.lowercased()] = subscriber
            }
            var seen = Set<String>()
            for row in rows {
                let key = row.address.lowercased()
                let first = seen.insert(key).inserted
                if new.contains(key) {
                    if !first { present += 1 }
                    continue
                }
                guard var subscriber = byKey[key] else { continue }
                if subscriber.status.isOptedOut {
                    optedOut += 1
                } else {
                    present += 1
                    if confirmed, subscriber.status == .pending {
                        try await PostgresRows.change(tx, &subscriber, to: .confirmed, action: .confirm, source: .import, context: nil, time: time, logger: logger)
                        byKey[key] = subscriber
                    }
                }
            }
            return (inserted.count, present, optedOut)
        }
        report.added += counts.added
        report.alreadyPresent += counts.present
        report.optedOut += counts.optedOut
    }
}
