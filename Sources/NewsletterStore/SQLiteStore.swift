import Foundation
import GRDB
import NewsletterCore

/// The SQLite store at one path: one database pool and the adapters of the three ports over it.
public struct SQLiteStore: Sendable {
    public let path: String
    public let subscribers: SQLiteSubscriberStore
    public let issues: SQLiteIssueLedger
    public let social: SQLiteSocialLedger
    public let console: SQLiteConsoleStore

    /// Opens (creating if needed) the store at `path`, its schema brought up to date.
    public init(path: String) throws {
        self.path = path
        let pool = try SQLiteDatabase.pool(at: path)
        subscribers = SQLiteSubscriberStore(writer: pool)
        issues = SQLiteIssueLedger(writer: pool)
        social = SQLiteSocialLedger(writer: pool)
        console = SQLiteConsoleStore(writer: pool)
    }

    /// Where send journals live: a folder beside the database file.
    public var journalDirectory: String { SQLiteDatabase.journalDirectory(forDatabaseAt: path) }
}
