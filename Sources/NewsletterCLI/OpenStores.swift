import Foundation
import NewsletterCore
import NewsletterPostgres

/// One PostgreSQL pool per URL for the whole process (commands open the store more than once).
enum OpenStores {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var open: [String: PostgresStore] = [:]

    static func postgres(_ text: String, password: String?, leaseSeconds: Double) throws -> PostgresStore {
        lock.lock()
        defer { lock.unlock() }
        if let store = open[text] { return store }
        let url: PostgresURL
        do {
            url = try PostgresURL(text)
        } catch let error as PostgresURL.Invalid {
            throw CLIError(error.description)
        }
        let store = try PostgresStore(url: url, password: password, leaseSeconds: leaseSeconds)
        open[text] = store
        return store
    }
}
