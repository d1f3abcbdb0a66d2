import Foundation
import Logging
import NewsletterCore
import NIOSSL
import PostgresNIO

/// The store on PostgreSQL (13 or newer) through postgres-nio: one connection pool for the
/// process, its schema migrated once under an advisory lock, the same ports as SQLite.
public final class PostgresStore: @unchecked Sendable {
    public let url: PostgresURL
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    /// Finishes once the schema is current; every adapter call waits for it.
    let ready: Task<Void, any Error>

    public var subscribers: PostgresSubscriberStore { PostgresSubscriberStore(store: self) }
    public var issues: PostgresIssueLedger { PostgresIssueLedger(store: self) }
    public var social: PostgresSocialLedger { PostgresSocialLedger(store: self) }
    public var console: PostgresConsoleStore { PostgresConsoleStore(store: self) }

    /// - Parameter password: used when the URL carries none (`NEWSLETTER_DB_PASSWORD`).
    /// How long a send worker's claim on copies lasts without renewal (`NEWSLETTER_LEASE_SECONDS`).
    public let leaseSeconds: Double
    /// This process, as the ledger names a worker's claims.
    let workerID = UUID().uuidString
    /// A folder name for this process's own files (its send journals).
    public var workerName: String { "worker-" + workerID.prefix(8).lowercased() }
    let renewal = NSLock()
    nonisolated(unsafe) var lastRenewal = Date.distantPast

    public init(url: PostgresURL, password: String? = nil, leaseSeconds: Double = 120, logger: Logger = PostgresStore.defaultLogger) throws {
        self.url = url
        self.leaseSeconds = leaseSeconds
        self.logger = logger
        let tls: PostgresClient.Configuration.TLS
        let direct: PostgresConnection.Configuration.TLS
        var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        // prefer and require encrypt without checking the certificate (libpq's meaning);
        // verify-full checks it and the host name against the system's trust store.
        if url.sslMode != .verifyFull { tlsConfiguration.certificateVerification = .none }
        switch url.sslMode {
        case .disable:
            tls = .disable
            direct = .disable
        case .prefer:
            tls = .prefer(tlsConfiguration)
            direct = .prefer(try NIOSSLContext(configuration: tlsConfiguration))
        case .require, .verifyFull:
            tls = .require(tlsConfiguration)
            direct = .require(try NIOSSLContext(configuration: tlsConfiguration))
        }
        var configuration = PostgresClient.Configuration(host: url.host, port: url.port, username: url.user, password: url.password ?? password,
                                                         database: url.database, tls: tls)
        configuration.options.maximumConnections = 16
        configuration.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
        let description = url.description
        let first = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user, password: url.password ?? password,
                                                     database: url.database, tls: direct)
        // One connection of its own first: its failure says why (the pool's would not), and
        // it migrates the schema.
        ready = Task {
            do {
                let connection = try await PostgresConnection.connect(configuration: first, id: 0, logger: logger)
                do {
                    try await PostgresSchema.migrate(connection, logger: logger)
                } catch {
                    try? await connection.close()
                    throw error
                }
                try? await connection.close()
            } catch {
                throw StoreError.cannotOpen(path: description, reason: PostgresStore.reason(error))
            }
        }
    }

    /// Warnings and errors only: the pool's connection notes are not news.
    public static var defaultLogger: Logger {
        var logger = Logger(label: "newsletter.postgres")
        logger.logLevel = .warning
        return logger
    }

    deinit {
        runner.cancel()
    }

    /// Stops the pool.
    public func close() {
        runner.cancel()
    }

    /// A transaction on one connection, after the schema is ready.
    func transaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await ready.value
        return try await retryingConflicts {
            do {
                return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
            } catch let error as PostgresTransactionError {
                throw error.closureError ?? error.beginError ?? error.commitError ?? error
            }
        }
    }

    /// One statement outside a transaction, after the schema is ready; its rows.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await ready.value
        return try await retryingConflicts { try await client.query(query, logger: logger).collect() }
    }

    /// Runs `attempt` again when PostgreSQL rolled it back for a deadlock or a serialization
    /// failure (two workers' statements locking the same rows in a different order): the
    /// whole transaction is undone then, so running it again is safe. Other errors, and a
    /// conflict that persists, are thrown in the server's words.
    func retryingConflicts<T>(_ attempt: () async throws -> T) async throws -> T {
        var tries = 0
        while true {
            do {
                return try await attempt()
            } catch {
                tries += 1
                guard tries < 8, let state = (error as? PSQLError)?.serverInfo?[.sqlState], state == "40P01" || state == "40001" else {
                    throw Self.described(error)
                }
                try await Task.sleep(nanoseconds: UInt64.random(in: 5_000_000...(20_000_000 << min(tries, 4))))
            }
        }
    }

    /// A PostgreSQL error as a sentence with the server's message (postgres-nio's own
    /// description hides it); any other error as it is.
    static func described(_ error: any Error) -> any Error {
        guard error is PSQLError else { return error }
        return PostgresFailure(reason: reason(error))
    }

    /// What went wrong, in words (the server's message when there is one).
    static func reason(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] { return message }
            if psql.code == .sslUnsupported { return "the server does not offer TLS, which this sslmode requires (sslmode=disable turns it off)" }
            if let underlying = psql.underlying { return reason(underlying) }
            return "\(psql.code)"
        }
        let text = "\(error)"
        if text.contains("connectTimeout") || text.contains("connectionRefused") || text.contains("Connection refused") {
            return "nothing answers at that address (\(text))"
        }
        return text
    }
}

/// A statement PostgreSQL refused or could not finish, in the server's words.
struct PostgresFailure: Error, CustomStringConvertible {
    let reason: String
    var description: String { "The PostgreSQL store failed: \(reason)." }
}

extension PostgresConnection {
    /// The rows of one statement.
    @discardableResult
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }
}

/// Reading columns by name.
extension PostgresRow {
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try makeRandomAccess()[column].decode(T.self)
    }
}
