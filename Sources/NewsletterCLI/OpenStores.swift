import Foundation
import NewsletterCore
import NewsletterPostgres
import NewsletterStore

/// The stores one command has opened, each once: commands ask for the store more than once,
/// and a PostgreSQL URL must not get a second pool (and a second worker name). Owned by
/// the command's `Environment`, so nothing outlives it or is shared between commands.
final class OpenStores: @unchecked Sendable {
    private let lock = NSLock()
    private var postgresStores: [String: PostgresStore] = [:]
    private var sqliteStores: [String: SQLiteStore] = [:]

    func postgres(_ text: String, password: String?, leaseSeconds: Double) throws -> PostgresStore {
        lock.lock()
        defer { lock.unlock() }
        if let store = postgresStores[text] { return store }
        let url: PostgresURL
        do {
            url = try PostgresURL(text)
        } catch let error as PostgresURL.Invalid {
            throw CLIError(error.description)
        }
        let store = try PostgresStore(url: url, password: password, leaseSeconds: leaseSeconds)
        postgresStores[text] = store
        return store
    }

    func sqlite(_ path: String) throws -> SQLiteStore {
        lock.lock()
        defer { lock.unlock() }
        if let store = sqliteStores[path] { return store }
        let store = try SQLiteStore(path: path)
        sqliteStores[path] = store
        return store
    }
}
