import Foundation
import GRDB
import NewsletterCore

/// Opens the SQLite store that the adapters share: WAL mode, a 30-second busy timeout, and
/// the schema brought up to date once, under a lock, whichever process comes first.
public enum SQLiteDatabase {
    /// Opens (creating if needed) the database at `path` and runs its migrations.
    ///
    /// Several processes opening a new store at the same moment (cron's send and `serve`
    /// starting together) would otherwise each see no schema and each try to create it; an
    /// exclusive `flock(2)` on the database's folder lets one migrate while the others wait,
    /// then find the schema in place. The kernel releases the lock if its holder dies.
    public static func pool(at path: String) throws -> DatabasePool {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            // 16 KB pages for a new store: shallower indexes, about 10% off a large import
            // (an existing store keeps the size it was made with).
            try db.execute(sql: "PRAGMA page_size = 16384")
            // 512 KB of page cache a connection: the file's pages stay in the kernel's cache;
            // a send's claims and records touch few pages, and a long send holds less.
            try db.execute(sql: "PRAGMA cache_size = -512")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let lock = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if lock >= 0 {
            while flock(lock, LOCK_EX) != 0, errno == EINTR {}
        }
        defer {
            if lock >= 0 {
                flock(lock, LOCK_UN)
                close(lock)
            }
        }
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            try migrator.migrate(pool)
            return pool
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
    }

    /// Where send journals live: a folder beside the database file.
    public static func journalDirectory(forDatabaseAt path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        return (directory.isEmpty ? "." : directory) + "/send-journal"
    }
}

extension SQLiteDatabase {
    /// A consistent copy of the store at `path` in `destination` (which must not exist),
    /// through SQLite's online backup while other processes keep writing: the copy holds
    /// every transaction committed before it finished, none half. Written beside the
    /// destination and renamed into place, so a failed backup leaves no file.
    /// Returns the destination's size in bytes.
    public static func backup(from path: String, to destination: String) throws -> Int64 {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.cannotOpen(path: path, reason: "there is no store there") }
        let partial = destination + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            var config = Configuration()
            config.busyMode = .timeout(30)
            config.readonly = true
            let source = try DatabasePool(path: path, configuration: config)
            let target = try DatabaseQueue(path: partial)
            // One step inside one read transaction: in WAL mode writers go on meanwhile, and
            // the copy is the snapshot the transaction saw (stepping in batches would start
            // over each time a writer changed the store, forever under a busy send).
            try source.backup(to: target)
            try target.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try target.close()
            try source.close()
        } catch let error as DatabaseError {
            try? FileManager.default.removeItem(atPath: partial)
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
        try FileManager.default.moveItem(atPath: partial, toPath: destination)
        let size = (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? NSNumber)?.int64Value ?? 0
        return size
    }
}
