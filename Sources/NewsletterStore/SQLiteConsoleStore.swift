import Foundation
import GRDB
import NewsletterCore

/// The console's users, sessions and audit log in SQLite.
public final class SQLiteConsoleStore: ConsoleAccounts, ConsoleSessions {
    let writer: any DatabaseWriter

    public init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    public func addConsoleUser(_ user: ConsoleUser) async throws -> ConsoleUser {
        try await writer.write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM console_user WHERE email = ?", arguments: [user.email]) == nil else {
                throw StoreError.notAllowed("The console already has a user \(user.email).")
            }
            try db.execute(sql: """
                INSERT INTO console_user (email, role, password_hash, totp_secret, setup_token_hash, setup_expires, failed_attempts, locked_until, last_code_step, created)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [user.email, user.role.rawValue, user.passwordHash, user.totpSecret, user.setupTokenHash,
                                 user.setupExpires?.timeIntervalSince1970, user.failedAttempts, user.lockedUntil?.timeIntervalSince1970,
                                 user.lastCodeStep, user.created.timeIntervalSince1970])
            var added = user
            added.id = db.lastInsertedRowID
            return added
        }
    }

    public func consoleUser(_ lookup: ConsoleUserLookup) async throws -> ConsoleUser? {
        try await writer.read { db in
            switch lookup {
            case .email(let email): try Row.fetchOne(db, sql: "SELECT * FROM console_user WHERE email = ?", arguments: [email.lowercased()]).map(Self.user)
            case .id(let id): try Row.fetchOne(db, sql: "SELECT * FROM console_user WHERE id = ?", arguments: [id]).map(Self.user)
            case .setupTokenHash(let hash): try Row.fetchOne(db, sql: "SELECT * FROM console_user WHERE setup_token_hash = ?", arguments: [hash]).map(Self.user)
            }
        }
    }

    public func consoleUsers() async throws -> [ConsoleUser] {
        try await writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM console_user ORDER BY email").map(Self.user) }
    }

    public func saveConsoleUser(_ user: ConsoleUser) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE console_user SET role = ?, password_hash = ?, totp_secret = ?, setup_token_hash = ?, setup_expires = ?, failed_attempts = ?,
                locked_until = ?, last_code_step = ? WHERE id = ?
                """, arguments: [user.role.rawValue, user.passwordHash, user.totpSecret, user.setupTokenHash, user.setupExpires?.timeIntervalSince1970,
                                 user.failedAttempts, user.lockedUntil?.timeIntervalSince1970, user.lastCodeStep, user.id])
        }
    }

    public func removeConsoleUser(email: String) async throws -> Bool {
        try await writer.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM console_user WHERE email = ?", arguments: [email]) else { return false }
            try db.execute(sql: "DELETE FROM console_session WHERE user_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM console_user WHERE id = ?", arguments: [id])
            return true
        }
    }

    public func recordSignInFailure(userID: Int64, lockAfter: Int, lockUntil: Date) async throws -> ConsoleUser? {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE console_user SET locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until END,
                failed_attempts = CASE WHEN failed_attempts + 1 >= ? THEN 0 ELSE failed_attempts + 1 END WHERE id = ?
                """, arguments: [lockAfter, lockUntil.timeIntervalSince1970, lockAfter, userID])
            return try Row.fetchOne(db, sql: "SELECT * FROM console_user WHERE id = ?", arguments: [userID]).map(Self.user)
        }
    }

    public func spendCodeStep(userID: Int64, step: Int64) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE console_user SET last_code_step = ?, failed_attempts = 0 WHERE id = ? AND last_code_step < ?",
                           arguments: [step, userID, step])
            return db.changesCount == 1
        }
    }

    public func createSession(_ session: ConsoleSession) async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO console_session (id_hash, user_id, csrf, created, last_seen) VALUES (?, ?, ?, ?, ?)",
                           arguments: [session.idHash, session.userID, session.csrf, session.created.timeIntervalSince1970, session.lastSeen.timeIntervalSince1970])
        }
    }

    public func session(idHash: String) async throws -> ConsoleSession? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM console_session WHERE id_hash = ?", arguments: [idHash]).map { row in
                ConsoleSession(idHash: row["id_hash"], userID: row["user_id"], csrf: row["csrf"], created: Date(timeIntervalSince1970: row["created"]),
                               lastSeen: Date(timeIntervalSince1970: row["last_seen"]))
            }
        }
    }

    public func touchSession(idHash: String, at: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE console_session SET last_seen = ? WHERE id_hash = ?", arguments: [at.timeIntervalSince1970, idHash])
        }
    }

    public func endSession(idHash: String) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM console_session WHERE id_hash = ?", arguments: [idHash]) }
    }

    public func endSessions(userID: Int64) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM console_session WHERE user_id = ?", arguments: [userID]) }
    }

    public func audit(_ entry: AuditEntry) async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO console_audit (at, actor, action, detail) VALUES (?, ?, ?, ?)",
                           arguments: [entry.at.timeIntervalSince1970, entry.user, entry.action, entry.detail])
        }
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM console_audit ORDER BY id DESC LIMIT ?", arguments: [limit]).map { row in
                AuditEntry(at: Date(timeIntervalSince1970: row["at"]), user: row["actor"], action: row["action"], detail: row["detail"])
            }
        }
    }

    static func user(_ row: Row) -> ConsoleUser {
        ConsoleUser(id: row["id"], email: row["email"], role: ConsoleRole(rawValue: row["role"]) ?? .viewer, passwordHash: row["password_hash"],
                    totpSecret: row["totp_secret"], setupTokenHash: row["setup_token_hash"],
                    setupExpires: (row["setup_expires"] as Double?).map { Date(timeIntervalSince1970: $0) }, failedAttempts: row["failed_attempts"],
                    lockedUntil: (row["locked_until"] as Double?).map { Date(timeIntervalSince1970: $0) }, lastCodeStep: row["last_code_step"],
                    created: Date(timeIntervalSince1970: row["created"]))
    }
}
