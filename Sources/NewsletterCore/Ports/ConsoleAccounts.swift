import Foundation

/// The console's users, kept in the store so several `serve` nodes share them.
public protocol ConsoleAccounts: Sendable {
    /// Adds a user; throws `StoreError.duplicateConsoleUser` when the address has one.
    func addConsoleUser(_ user: ConsoleUser) async throws -> ConsoleUser
    /// A user by address (any case), by id, or by the hash of an unused set-up token.
    func consoleUser(_ lookup: ConsoleUserLookup) async throws -> ConsoleUser?
    /// Every user, by address.
    func consoleUsers() async throws -> [ConsoleUser]
    /// Writes a user's password, second factor, set-up token and role.
    func saveConsoleUser(_ user: ConsoleUser) async throws
    /// Removes a user and ends their sessions; false when there was none.
    func removeConsoleUser(email: String) async throws -> Bool
    /// Counts one failed password or code, atomically across nodes: at `lockAfter` failures
    /// the account locks until `lockUntil`. Returns the user as it now is.
    func recordSignInFailure(userID: Int64, lockAfter: Int, lockUntil: Date) async throws -> ConsoleUser?
    /// Accepts a TOTP step once: true when it is newer than the last one accepted (and
    /// records it, clearing the failures), false for a replayed code.
    func spendCodeStep(userID: Int64, step: Int64) async throws -> Bool
}

/// How a console user is looked up.
public enum ConsoleUserLookup: Sendable, Equatable {
    case email(String)
    case id(Int64)
    case setupTokenHash(String)
}

/// Signed-in browsers and the audit log, in the store.
public protocol ConsoleSessions: Sendable {
    func createSession(_ session: ConsoleSession) async throws
    func session(idHash: String) async throws -> ConsoleSession?
    func touchSession(idHash: String, at: Date) async throws
    func endSession(idHash: String) async throws
    /// Ends every session of a user (sign-out everywhere, a reset, a removal).
    func endSessions(userID: Int64) async throws
    /// One line of the audit log.
    func audit(_ entry: AuditEntry) async throws
    /// The newest lines first.
    func auditLog(limit: Int) async throws -> [AuditEntry]
}
