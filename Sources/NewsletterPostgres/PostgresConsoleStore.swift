import Foundation
import NewsletterCore
import PostgresNIO

/// The console's users, sessions and audit log in PostgreSQL, shared by every `serve` node.
public final class PostgresConsoleStore: ConsoleAccounts, ConsoleSessions, @unchecked Sendable {
    let store: PostgresStore

    init(store: PostgresStore) {
        self.store = store
    }

    public func addConsoleUser(_ user: ConsoleUser) async throws -> ConsoleUser {
        let rows = try await store.rows("""
            INSERT INTO console_user (email, role, password_hash, totp_secret, setup_token_hash, setup_expires, failed_attempts, locked_until, last_code_step, created)
            VALUES (\(user.email), \(user.role.rawValue), \(user.passwordHash), \(user.totpSecret), \(user.setupTokenHash), \(user.setupExpires?.timeIntervalSince1970),
                    \(user.failedAttempts), \(user.lockedUntil?.timeIntervalSince1970), \(user.lastCodeStep), \(user.created.timeIntervalSince1970))
            ON CONFLICT (email) DO NOTHING RETURNING id
            """)
        guard let row = rows.first else { throw StoreError.notAllowed("The console already has a user \(user.email).") }
        var added = user
        added.id = try row.value("id")
        return added
    }

    public func consoleUser(_ lookup: ConsoleUserLookup) async throws -> ConsoleUser? {
        let rows: [PostgresRow]
        switch lookup {
        case .email(let email): rows = try await store.rows("SELECT * FROM console_user WHERE email = \(email.lowercased())")
        case .id(let id): rows = try await store.rows("SELECT * FROM console_user WHERE id = \(id)")
        case .setupTokenHash(let hash): rows = try await store.rows("SELECT * FROM console_user WHERE setup_token_hash = \(hash)")
        }
        return try rows.first.map(Self.user)
    }

    public func consoleUsers() async throws -> [ConsoleUser] {
        try await store.rows("SELECT * FROM console_user ORDER BY email").map(Self.user)
    }

    public func saveConsoleUser(_ user: ConsoleUser) async throws {
        try await store.rows("""
            UPDATE console_user SET role = \(user.role.rawValue), password_hash = \(user.passwordHash), totp_secret = \(user.totpSecret),
            setup_token_hash = \(user.setupTokenHash), setup_expires = \(user.setupExpires?.timeIntervalSince1970), failed_attempts = \(user.failedAttempts),
            locked_until = \(user.lockedUntil?.timeIntervalSince1970), last_code_step = \(user.lastCodeStep) WHERE id = \(user.id)
            """)
    }

    public func removeConsoleUser(email: String) async throws -> Bool {
        try await store.transaction { tx in
            let removed = try await tx.rows("DELETE FROM console_user WHERE email = \(email) RETURNING id", logger: self.store.logger)
            guard let id: Int64 = try removed.first?.value("id") else { return false }
            try await tx.rows("DELETE FROM console_session WHERE user_id = \(id)", logger: self.store.logger)
            return true
        }
    }

    public func recordSignInFailure(userID: Int64, lockAfter: Int, lockUntil: Date) async throws -> ConsoleUser? {
        let until = lockUntil.timeIntervalSince1970
        return try await store.rows("""
            UPDATE console_user SET locked_until = CASE WHEN failed_attempts + 1 >= \(lockAfter) THEN \(until) ELSE locked_until END,
            failed_attempts = CASE WHEN failed_attempts + 1 >= \(lockAfter) THEN 0 ELSE failed_attempts + 1 END WHERE id = \(userID) RETURNING *
            """).first.map(Self.user)
    }

    public func spendCodeStep(userID: Int64, step: Int64) async throws -> Bool {
        !(try await store.rows("""
            UPDATE console_user SET last_code_step = \(step), failed_attempts = 0 WHERE id = \(userID) AND last_code_step < \(step) RETURNING id
            """).isEmpty)
    }

    public func createSession(_ session: ConsoleSession) async throws {
        try await store.rows("""
            INSERT INTO console_session (id_hash, user_id, csrf, created, last_seen)
            VALUES (\(session.idHash), \(session.userID), \(session.csrf), \(session.created.timeIntervalSince1970), \(session.lastSeen.timeIntervalSince1970))
            """)
    }

    public func session(idHash: String) async throws -> ConsoleSession? {
        try await store.rows("SELECT * FROM console_session WHERE id_hash = \(idHash)").first.map { row in
            ConsoleSession(idHash: try row.value("id_hash"), userID: try row.value("user_id"), csrf: try row.value("csrf"),
                           created: Date(timeIntervalSince1970: try row.value("created")), lastSeen: Date(timeIntervalSince1970: try row.value("last_seen")))
        }
    }

    public func touchSession(idHash: String, at: Date) async throws {
        try await store.rows("UPDATE console_session SET last_seen = \(at.timeIntervalSince1970) WHERE id_hash = \(idHash)")
    }

    public func endSession(idHash: String) async throws {
        try await store.rows("DELETE FROM console_session WHERE id_hash = \(idHash)")
    }

    public func endSessions(userID: Int64) async throws {
        try await store.rows("DELETE FROM console_session WHERE user_id = \(userID)")
    }

    public func audit(_ entry: AuditEntry) async throws {
        try await store.rows("""
            INSERT INTO console_audit (at, actor, action, detail) VALUES (\(entry.at.timeIntervalSince1970), \(entry.user), \(entry.action), \(entry.detail))
            """)
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await store.rows("SELECT * FROM console_audit ORDER BY id DESC LIMIT \(limit)").map { row in
            AuditEntry(at: Date(timeIntervalSince1970: try row.value("at")), user: try row.value("actor"), action: try row.value("action"),
                       detail: try row.value("detail"))
        }
    }

    static func user(_ row: PostgresRow) throws -> ConsoleUser {
        ConsoleUser(id: try row.value("id"), email: try row.value("email"), role: ConsoleRole(rawValue: try row.value("role")) ?? .viewer,
                    passwordHash: try row.value("password_hash"), totpSecret: try row.value("totp_secret"), setupTokenHash: try row.value("setup_token_hash"),
                    setupExpires: (try row.value("setup_expires", as: Double?.self)).map { Date(timeIntervalSince1970: $0) },
                    failedAttempts: Int(try row.value("failed_attempts", as: Int32.self)),
                    lockedUntil: (try row.value("locked_until", as: Double?.self)).map { Date(timeIntervalSince1970: $0) },
                    lastCodeStep: try row.value("last_code_step"), created: Date(timeIntervalSince1970: try row.value("created")))
    }
}
