import Foundation
import GRDB
import NewsletterCore

/// What an import did, with every refused row and its line.
public struct ImportReport: Sendable, Equatable {
    public var rows = 0
    public var added = 0
    /// Already on the list (and left as they were, or confirmed with `--confirmed`).
    public var alreadyPresent = 0
    /// On the list as unsubscribed, bounced or complained: never re-confirmed by an import.
    public var optedOut = 0
    /// Erased earlier: kept off the list.
    public var suppressed = 0
    public var invalid: [Problem] = []

    public struct Problem: Sendable, Equatable {
        public var line: Int
        public var reason: String
    }

    public init() {}
}

/// A streaming import: rows are buffered and committed in batches, one transaction each,
/// so a million rows take constant memory and a crash loses at most one batch.
public final class SubscriberImport {
    public struct Row: Sendable {
        public var line: Int
        public var email: String
        public var name: String?
        public var attributes: [String: String]

        public init(line: Int, email: String, name: String?, attributes: [String: String]) {
            self.line = line
            self.email = email
            self.name = name
            self.attributes = attributes
        }
    }

    private let store: SQLiteSubscriberStore
    private let confirmed: Bool
    private let time: Double
    private let batchSize: Int
    private var buffer: [(row: Row, address: String)] = []
    private var suppressedHashes: Set<String> = []
    private var salt = ""
    public private(set) var report = ImportReport()

    public init(store: SQLiteSubscriberStore, confirmed: Bool, now: Date, batchSize: Int = 5000) throws {
        self.store = store
        self.confirmed = confirmed
        self.time = now.timeIntervalSince1970
        self.batchSize = batchSize
        try store.pool.read { db in
            salt = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'suppression_salt'") ?? ""
            suppressedHashes = Set(try String.fetchAll(db, sql: "SELECT hash FROM suppression"))
        }
        buffer.reserveCapacity(batchSize)
    }

    /// Adds a row; invalid addresses are reported with their line and the rest go on.
    public func add(_ row: Row) throws {
        report.rows += 1
        switch EmailSyntax.normalise(row.email) {
        case .failure(let problem):
            let shown = row.email.count > 80 ? String(row.email.prefix(80)) + "…" : row.email
            report.invalid.append(.init(line: row.line, reason: "the address '\(shown)' \(problem)"))
        case .success(let address):
            buffer.append((row, address))
            if buffer.count >= batchSize { try flush() }
        }
    }

    /// Notes a row refused before it reached the store (a CSV syntax problem).
    public func reject(line: Int, reason: String) {
        report.rows += 1
        report.invalid.append(.init(line: line, reason: reason))
    }

    /// Commits what is buffered and returns the report.
    public func finish() throws -> ImportReport {
        try flush()
        return report
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        let rows = buffer
        buffer.removeAll(keepingCapacity: true)
        var report = self.report
        let status: SubscriberStatus = confirmed ? .confirmed : .pending
        let (time, confirmed, salt, suppressed) = (self.time, self.confirmed, self.salt, suppressedHashes)
        try store.pool.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO subscriber (email, name, status, created, confirmed, updated, attributes)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING
                """)
            let event = try db.cachedStatement(sql: """
                INSERT INTO event (subscriber_id, at, action, old_status, new_status, source) VALUES (?, ?, 'subscribe', NULL, ?, 'import')
                """)
            for (row, address) in rows {
                if !suppressed.isEmpty, suppressed.contains(SQLiteSubscriberStore.hash(salt: salt, address)) {
                    report.suppressed += 1
                    continue
                }
                let name = row.name.map { HTMLText.collapseWhitespace(HeaderEncoding.sanitize($0)) }.flatMap { $0.isEmpty ? nil : $0 }
                var attributes: String?
                if !row.attributes.isEmpty, let data = try? JSONSerialization.data(withJSONObject: row.attributes, options: [.sortedKeys]) {
                    attributes = String(decoding: data, as: UTF8.self)
                }
                try insert.execute(arguments: [address, name, status.rawValue, time, confirmed ? time : nil, time, attributes])
                if db.changesCount == 1 {
                    try event.execute(arguments: [db.lastInsertedRowID, time, status.rawValue])
                    report.added += 1
                    continue
                }
                guard var existing = try SQLiteSubscriberStore.fetch(db, address: address) else { continue }
                if existing.status.isOptedOut {
                    report.optedOut += 1
                } else {
                    report.alreadyPresent += 1
                    if confirmed, existing.status == .pending {
                        try SQLiteSubscriberStore.change(db, &existing, to: .confirmed, action: "confirm", source: .import, context: nil, time: time)
                    }
                }
            }
        }
        self.report = report
    }
}
