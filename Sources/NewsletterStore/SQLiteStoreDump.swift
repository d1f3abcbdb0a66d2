import Foundation
import GRDB
import NewsletterCore

/// Whole tables of a SQLite store, for `store copy`.
public struct SQLiteStoreDump: StoreDump {
    let writer: any DatabaseWriter

    public init(_ store: SQLiteStore) {
        writer = store.subscribers.writer
    }

    public func rows(of table: StoreTable, after: [StoreValue]?, limit: Int) async throws -> [[StoreValue]] {
        let columns = table.columnNames.joined(separator: ", ")
        let key = table.key.joined(separator: ", ")
        var sql = "SELECT \(columns) FROM \(table.name)"
        var arguments: StatementArguments = []
        if let after {
            sql += " WHERE (\(key)) > (\(Array(repeating: "?", count: after.count).joined(separator: ", ")))"
            arguments = StatementArguments(after.map(Self.databaseValue))
        }
        sql += " ORDER BY \(key) LIMIT \(limit)"
        return try await writer.read { [sql, arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                table.columns.indices.map { i in
                    let value: DatabaseValue = row[i]
                    switch value.storage {
                    case .null: return .null
                    case .int64(let n): return .integer(n)
                    case .double(let d): return .real(d)
                    case .string(let s): return .text(s)
                    case .blob(let data): return .text(String(decoding: data, as: UTF8.self))
                    }
                }
            }
        }
    }

    public func insert(_ rows: [[StoreValue]], into table: StoreTable) async throws {
        guard !rows.isEmpty else { return }
        let marks = "(" + Array(repeating: "?", count: table.columns.count).joined(separator: ", ") + ")"
        let verb = table.name == "setting" ? "INSERT OR REPLACE" : "INSERT"
        let sql = "\(verb) INTO \(table.name) (\(table.columnNames.joined(separator: ", "))) VALUES \(marks)"
        try await writer.write { db in
            let statement = try db.makeStatement(sql: sql)
            for row in rows {
                try statement.execute(arguments: StatementArguments(row.map(Self.databaseValue)))
            }
        }
    }

    public func count(_ table: StoreTable) async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.name)") ?? 0 }
    }

    /// New subscriber ids continue after every copied import batch, so that none falls in a
    /// batch's range (copied ids themselves already raised AUTOINCREMENT's counter).
    public func finishCopy() async throws {
        try await writer.write { db in
            guard let last = try Int64.fetchOne(db, sql: "SELECT MAX(last_id) FROM import_event") else { return }
            if let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'subscriber'") {
                if seq < last { try db.execute(sql: "UPDATE sqlite_sequence SET seq = ? WHERE name = 'subscriber'", arguments: [last]) }
            } else {
                try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('subscriber', ?)", arguments: [last])
            }
        }
    }

    static func databaseValue(_ value: StoreValue) -> DatabaseValue {
        switch value {
        case .null: .null
        case .integer(let n): n.databaseValue
        case .real(let d): d.databaseValue
        case .text(let s): s.databaseValue
        }
    }
}
