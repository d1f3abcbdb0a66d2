import Foundation
import GRDB
import NewsletterCore
#if canImport(GRDBSQLite)
import GRDBSQLite
#elseif canImport(SQLite3)
import SQLite3
#endif

/// The SQLite import session: rows are buffered and committed in batches, one transaction each,
/// on a writer thread while the caller parses the next batch, so a million rows take
/// constant memory (two batches at most in flight) and a crash loses at most one batch.
public final class SQLiteSubscriberImport: SubscriberImporter, @unchecked Sendable {
    /// A row ready for the database.
    struct Prepared {
        var address: String
        var name: String?
        var attributes: String?
        var topics: String
    }

    private let writer: any DatabaseWriter
    private let confirmed: Bool
    private let time: Double
    private let batchSize: Int
    private var buffer: [Prepared] = []
    private let suppressedHashes: Set<String>
    private let salt: String
    /// Counted by the caller's thread.
    private var parsed = ImportReport()
    /// Counted by the writer thread, read after it has drained.
    private var written = ImportReport()
    private var writeError: Error?
    private let queue = DispatchQueue(label: "newsletter.import.writer")
    private let inFlight = DispatchSemaphore(value: 2)

    /// Reads what the session needs from the store, then starts it.
    public convenience init(writer: any DatabaseWriter, confirmed: Bool, now: Date, batchSize: Int = 5000) throws {
        let (salt, suppressed) = try writer.read { db in try Self.suppression(db) }
        self.init(writer: writer, confirmed: confirmed, now: now, salt: salt, suppressedHashes: suppressed, batchSize: batchSize)
    }

    init(writer: any DatabaseWriter, confirmed: Bool, now: Date, salt: String, suppressedHashes: Set<String>, batchSize: Int = 5000) {
        self.writer = writer
        self.confirmed = confirmed
        self.time = now.timeIntervalSince1970
        self.batchSize = batchSize
        self.salt = salt
        self.suppressedHashes = suppressedHashes
        buffer.reserveCapacity(batchSize)
    }

    /// Adds a row; invalid addresses are reported with their line and the rest go on.
    public func add(_ row: ImportRow) async throws {
        parsed.rows += 1
        switch SubscriberInput.screen(row, salt: salt, suppressed: suppressedHashes) {
        case .invalid(let reason):
            parsed.invalid.append(.init(line: row.line, reason: reason))
        case .suppressed:
            parsed.suppressed += 1
        case .accepted(let address):
            buffer.append(Prepared(address: address, name: row.name.flatMap(SubscriberInput.name), attributes: row.attributesJSON, topics: row.topics))
            if buffer.count >= batchSize { try flush() }
        }
    }

    /// The suppression salt and the hashes of erased addresses.
    static func suppression(_ db: Database) throws -> (String, Set<String>) {
        (try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'suppression_salt'") ?? "",
         Set(try String.fetchAll(db, sql: "SELECT hash FROM suppression")))
    }

    /// Notes a row refused before it reached the store (a CSV syntax problem).
    public func reject(line: Int, reason: String) {
        parsed.rows += 1
        parsed.invalid.append(.init(line: line, reason: reason))
    }

    /// Commits what is buffered, waits for the writer, and returns the report.
    public func finish() async throws -> ImportReport {
        try flush()
        queue.sync {}
        if let writeError { throw writeError }
        var report = parsed
        report.added = written.added
        report.alreadyPresent = written.alreadyPresent
        report.optedOut = written.optedOut
        return report
    }

    private func flush() throws {
        if let writeError { throw writeError }
        guard !buffer.isEmpty else { return }
        let rows = buffer
        buffer = []
        buffer.reserveCapacity(batchSize)
        inFlight.wait()
        queue.async { [self] in
            defer { inFlight.signal() }
            guard writeError == nil else { return }
            do {
                try write(rows)
            } catch {
                writeError = error
            }
        }
    }

    /// Rows per multi-row INSERT: 8 parameters each stays far below SQLite's variable limit.
    static let rowsPerStatement = 500
    static let fullInsert = insert(rows: rowsPerStatement)

    static func insert(rows: Int) -> String {
        "INSERT INTO subscriber (email, name, status, created, confirmed, updated, attributes, topics) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", ") + " ON CONFLICT (email) DO NOTHING"
    }

    /// One transaction for a batch, through SQLite's C API: this is the import's hot path.
    /// Rows go in with multi-row INSERTs; the consent log of the new rows is one
    /// `import_event` line naming their id range (ids only grow inside the write
    /// transaction); rows that were already there are then looked at one by one.
    private func write(_ rows: [Prepared]) throws {
        let status: SubscriberStatus = confirmed ? .confirmed : .pending
        let (time, confirmed) = (self.time, self.confirmed)
        var counts = written
        try writer.write { db in
            // A larger page cache keeps the address index's pages at hand (32 MB of the
            // 100 MB budget); it lasts as long as this connection.
            try db.execute(sql: "PRAGMA cache_size = -32000")
            let connection = db.sqliteConnection
            // The highest id ever given (AUTOINCREMENT): every row this batch adds gets a
            // larger one, even after the newest subscribers were erased.
            let before = try Int64.fetchOne(db, sql: """
                SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'subscriber'), 0), COALESCE((SELECT MAX(id) FROM subscriber), 0))
                """) ?? 0
            var added = 0
            var start = 0
            // The texts of a chunk, each ended by a NUL, in one buffer that SQLite reads in
            // place (SQLITE_STATIC) until the step is done: no copy per bound value.
            var texts: [UInt8] = []
            var starts: [Int] = []
            while start < rows.count {
                let chunk = rows[start..<min(rows.count, start + Self.rowsPerStatement)]
                start += chunk.count
                let statement = try db.cachedStatement(sql: chunk.count == Self.rowsPerStatement ? Self.fullInsert : Self.insert(rows: chunk.count))
                let handle = statement.sqliteStatement
                texts.removeAll(keepingCapacity: true)
                starts.removeAll(keepingCapacity: true)
                func keep(_ text: String?) {
                    guard let text else { return starts.append(-1) }
                    starts.append(texts.count)
                    texts.append(contentsOf: text.utf8)
                    texts.append(0)
                }
                keep(status.rawValue)
                for row in chunk {
                    keep(row.address)
                    keep(row.name)
                    keep(row.attributes)
                    keep(row.topics)
                }
                try texts.withUnsafeBufferPointer { buffer in
                    let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                    func bind(_ index: Int32, _ slot: Int) {
                        let at = starts[slot]
                        if at < 0 { sqlite3_bind_null(handle, index) } else { sqlite3_bind_text(handle, index, base + at, -1, nil) }
                    }
                    sqlite3_reset(handle)
                    var index: Int32 = 1
                    var slot = 1
                    for _ in chunk {
                        bind(index, slot)
                        bind(index + 1, slot + 1)
                        bind(index + 2, 0)
                        sqlite3_bind_double(handle, index + 3, time)
                        if confirmed { sqlite3_bind_double(handle, index + 4, time) } else { sqlite3_bind_null(handle, index + 4) }
                        sqlite3_bind_double(handle, index + 5, time)
                        bind(index + 6, slot + 2)
                        bind(index + 7, slot + 3)
                        index += 8
                        slot += 4
                    }
                    defer {
                        sqlite3_reset(handle)
                        // Nothing may point into the buffer once it goes.
                        sqlite3_clear_bindings(handle)
                    }
                    try step(handle, connection)
                    added += Int(sqlite3_changes(connection))
                }
            }
            if added > 0 {
                // The consent line of every row this batch added: their ids are the ones above
                // `before`.
                let last = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM subscriber") ?? before
                try db.execute(sql: "INSERT INTO import_event (first_id, last_id, at, new_status) VALUES (?, ?, ?, ?)",
                               arguments: [before + 1, last, time, status.rawValue])
            }
            counts.added += added
            guard added < rows.count else { return }
            var seen = Set<String>()
            for row in rows {
                let firstInBatch = seen.insert(row.address.lowercased()).inserted
                guard var existing = try SubscriberRows.fetch(db, address: row.address) else { continue }
                if existing.id > before {
                    // Added by this batch; a later row with the same address is a repeat.
                    if !firstInBatch { counts.alreadyPresent += 1 }
                    continue
                }
                if existing.status.isOptedOut {
                    counts.optedOut += 1
                } else {
                    counts.alreadyPresent += 1
                    if confirmed, existing.status == .pending {
                        try SubscriberRows.change(db, &existing, to: .confirmed, action: .confirm, source: .import, context: nil, time: time)
                    }
                }
            }
        }
        written = counts
    }

    private func step(_ statement: OpaquePointer?, _ connection: OpaquePointer?) throws {
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            throw StoreError.notAllowed("The import could not be written: \(String(cString: sqlite3_errmsg(connection))) (SQLite code \(code)).")
        }
    }
}
