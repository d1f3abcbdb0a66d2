import Foundation
import NewsletterCore
import PostgresNIO

/// Whole tables of a PostgreSQL store, for `store copy`.
public struct PostgresStoreDump: StoreDump {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func rows(of table: StoreTable, after: [StoreValue]?, limit: Int) async throws -> [[StoreValue]] {
        let key = table.key.joined(separator: ", ")
        var sql = "SELECT \(table.columnNames.joined(separator: ", ")) FROM \(table.name)"
        var binds = PostgresBindings()
        if let after {
            for (i, value) in after.enumerated() { Self.bind(value, kind: table.columns.first { $0.name == table.key[i] }!.kind, into: &binds) }
            sql += " WHERE (\(key)) > (\((1...after.count).map { "$\($0)" }.joined(separator: ", ")))"
        }
        sql += " ORDER BY \(key) LIMIT \(limit)"
        return try await store.rows(PostgresQuery(unsafeSQL: sql, binds: binds)).map { row in
            let cells = Array(row)
            return try table.columns.enumerated().map { i, column in
                let cell = cells[i]
                guard cell.bytes != nil else { return .null }
                switch column.kind {
                case .integer: return .integer(Int64(try cell.decode(Int32.self)))
                case .bigint: return .integer(try cell.decode(Int64.self))
                case .real: return .real(try cell.decode(Double.self))
                case .text: return .text(try cell.decode(String.self))
                }
            }
        }
    }

    public func insert(_ rows: [[StoreValue]], into table: StoreTable) async throws {
        guard !rows.isEmpty else { return }
        let names = table.columnNames.joined(separator: ", ")
        let conflict = table.name == "setting" ? " ON CONFLICT (key) DO UPDATE SET value = excluded.value" : ""
        try await store.transaction { tx in
            // Multi-row INSERTs of up to 500 rows (PostgreSQL allows 65,535 parameters).
            var start = 0
            while start < rows.count {
                let chunk = rows[start..<min(rows.count, start + 500)]
                start += chunk.count
                var binds = PostgresBindings()
                var tuples: [String] = []
                for row in chunk {
                    var marks: [String] = []
                    for (value, column) in zip(row, table.columns) {
                        Self.bind(value, kind: column.kind, into: &binds)
                        marks.append("$\(binds.count)")
                    }
                    tuples.append("(" + marks.joined(separator: ", ") + ")")
                }
                try await tx.rows(PostgresQuery(unsafeSQL: "INSERT INTO \(table.name) (\(names)) VALUES " + tuples.joined(separator: ", ") + conflict, binds: binds),
                                  logger: store.logger)
            }
        }
    }

    public func count(_ table: StoreTable) async throws -> Int {
        Int(try await store.rows(PostgresQuery(unsafeSQL: "SELECT COUNT(*) AS n FROM \(table.name)")).first?.value("n", as: Int64.self) ?? 0)
    }

    /// Identity columns continue after the largest copied id; a subscriber id continues after
    /// every copied import batch too, so that no new subscriber falls in a batch's range.
    public func finishCopy() async throws {
        for (table, largest) in [("subscriber", "GREATEST(COALESCE((SELECT MAX(id) FROM subscriber), 0), COALESCE((SELECT MAX(last_id) FROM import_event), 0))"),
                                 ("event", "COALESCE((SELECT MAX(id) FROM event), 0)"),
                                 ("console_user", "COALESCE((SELECT MAX(id) FROM console_user), 0)"),
                                 ("console_audit", "COALESCE((SELECT MAX(id) FROM console_audit), 0)"),
                                 ("issue_draft", "COALESCE((SELECT MAX(id) FROM issue_draft), 0)"),
                                 ("scheduled_message", "COALESCE((SELECT MAX(id) FROM scheduled_message), 0)")] {
            try await store.rows(PostgresQuery(unsafeSQL: """
                SELECT setval(pg_get_serial_sequence('\(table)', 'id'), \(largest) + 1, false)
                """))
        }
    }

    static func bind(_ value: StoreValue, kind: StoreTable.Kind, into binds: inout PostgresBindings) {
        switch (value, kind) {
        case (.null, _): binds.appendNull()
        case (.integer(let n), .integer): binds.append(Int32(clamping: n))
        case (.integer(let n), .bigint): binds.append(n)
        case (.integer(let n), .real): binds.append(Double(n))
        case (.integer(let n), .text): binds.append(String(n))
        case (.real(let d), .real): binds.append(d)
        case (.real(let d), .integer): binds.append(Int32(clamping: Int64(d)))
        case (.real(let d), .bigint): binds.append(Int64(d))
        case (.real(let d), .text): binds.append(String(d))
        case (.text(let s), .text): binds.append(s)
        case (.text(let s), .real): binds.append(Double(s) ?? 0)
        case (.text(let s), .integer): binds.append(Int32(s) ?? 0)
        case (.text(let s), .bigint): binds.append(Int64(s) ?? 0)
        }
    }
}
