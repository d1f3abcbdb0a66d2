import Crypto
import Foundation

/// Who may use the console, and how they prove it: users made from the shell with a
/// one-time set-up link, a password then a TOTP code, sessions with idle and absolute
/// timeouts, accounts locked after repeated failures, and an audit line for each action.
public struct ConsoleAccess: Sendable {
    let store: any ConsoleAccounts & ConsoleSessions
    let hasher: any PasswordHasher
    let secret: SymmetricKey
    /// A hash of nothing that unknown addresses are checked against, made on first need.
    let decoy = DecoyHash()

    public static let setupLifetime: TimeInterval = 72 * 3600
    public static let idleTimeout: TimeInterval = 30 * 60
    public static let absoluteTimeout: TimeInterval = 12 * 3600
    /// Failed passwords or codes that lock an account, and for how long.
    public static let lockAfter = 10
    public static let lockFor: TimeInterval = 15 * 60
    /// How long the step between the password and the code may take.
    public static let ticketLifetime: TimeInterval = 5 * 60

    public init(store: any ConsoleAccounts & ConsoleSessions, hasher: any PasswordHasher, secret: SymmetricKey) {
        self.store = store
        self.hasher = hasher
        self.secret = secret
    }

    /// A new session: the cookie's value (shown once) and what the store keeps.
    public struct NewSession: Sendable {
        public var cookie: String
        public var session: ConsoleSession
    }

    // MARK: Users, from the shell

    /// Adds a user; returns the set-up link's token.
    public func addUser(_ email: String, role: ConsoleRole, now: Date) async throws -> (user: ConsoleUser, token: String) {
        let address = try SubscriberInput.address(email).lowercased()
        let token = RandomToken.make()
        let user = ConsoleUser(email: address, role: role, totpSecret: RandomToken.totpSecret(), setupTokenHash: RandomToken.hash(token),
                               setupExpires: now.addingTimeInterval(Self.setupLifetime), created: now)
        return (try await store.addConsoleUser(user), token)
    }

    /// Forgets a user's password and second factor and ends their sessions; returns a new set-up token.
    public func resetUser(_ email: String, now: Date) async throws -> (user: ConsoleUser, token: String) {
        guard var user = try await store.consoleUser(.email(email.trimmingCharacters(in: .whitespaces).lowercased())) else { throw StoreError.notAllowed("The console has no user \(email).") }
        let token = RandomToken.make()
        user.passwordHash = nil
        user.totpSecret = RandomToken.totpSecret()
        user.setupTokenHash = RandomToken.hash(token)
        user.setupExpires = now.addingTimeInterval(Self.setupLifetime)
        user.failedAttempts = 0
        user.lockedUntil = nil
        try await store.saveConsoleUser(user)
        try await store.endSessions(userID: user.id)
        return (user, token)
    }

    public func removeUser(_ email: String) async throws -> Bool { try await store.removeConsoleUser(email: email.lowercased()) }

    public func users() async throws -> [ConsoleUser] { try await store.consoleUsers() }

    // MARK: Set-up link

    /// The user a set-up link is for, while it is unused and unexpired.
    public func setupUser(token: String, now: Date) async throws -> ConsoleUser? {
        guard !token.isEmpty, let user = try await store.consoleUser(.setupTokenHash(RandomToken.hash(token))),
              let expires = user.setupExpires, expires > now else { return nil }
        return user
    }

    public enum SetupOutcome: Sendable {
        case done(ConsoleUser, NewSession)
        case invalidLink
        case refused(String)
    }

    /// Sets the password and enrols the second factor (the first code proves the app has
    /// the key), spends the link and signs the person in.
    public func completeSetup(token: String, password: String, confirmation: String, code: String, now: Date) async throws -> SetupOutcome {
        guard var user = try await setupUser(token: token, now: now) else { return .invalidLink }
        if let problem = PasswordRule.problem(password, confirmation: confirmation) { return .refused(problem) }
        guard let step = TOTP(secret: user.totpSecret).matchingStep(code, now: now) else {
            return .refused("The code is not the one your authenticator app shows now.")
        }
        user.passwordHash = hasher.hash(password)
        user.setupTokenHash = nil
        user.setupExpires = nil
        user.lastCodeStep = step
        user.failedAttempts = 0
        try await store.saveConsoleUser(user)
        try await record(user, "set-up", nil, now: now)
        return .done(user, try await startSession(user, now: now))
    }

    // MARK: Sign-in

    public enum PasswordCheck: Sendable, Equatable {
        /// Right: the ticket carries the person to the code step.
        case needsCode(ticket: String)
        case wrong
        case locked(until: Date)
    }

    /// Step one: the password. An unknown address costs the same time as a known one.
    public func checkPassword(email: String, password: String, now: Date) async throws -> PasswordCheck {
        let user = try await store.consoleUser(.email(email.trimmingCharacters(in: .whitespaces).lowercased()))
        guard let user, let hash = user.passwordHash, user.isEnrolled else {
            _ = hasher.verify(password, hash: decoy.value(hasher))
            return .wrong
        }
        if user.isLocked(at: now), let until = user.lockedUntil { return .locked(until: until) }
        guard hasher.verify(password, hash: hash) else {
            let after = try await store.recordSignInFailure(userID: user.id, lockAfter: Self.lockAfter, lockUntil: now.addingTimeInterval(Self.lockFor))
            if let after, after.isLocked(at: now), let until = after.lockedUntil { return .locked(until: until) }
            return .wrong
        }
        return .needsCode(ticket: ticket(userID: user.id, expires: now.addingTimeInterval(Self.ticketLifetime)))
    }

    public enum CodeCheck: Sendable {
        case signedIn(ConsoleUser, NewSession)
        case wrong
        case expired
        case locked(until: Date)
    }

    /// Step two: the TOTP code, each code good once.
    public func checkCode(ticket: String, code: String, now: Date) async throws -> CodeCheck {
        guard let userID = verifyTicket(ticket, now: now), let user = try await store.consoleUser(.id(userID)), user.isEnrolled else { return .expired }
        if user.isLocked(at: now), let until = user.lockedUntil { return .locked(until: until) }
        guard let step = TOTP(secret: user.totpSecret).matchingStep(code, now: now), try await store.spendCodeStep(userID: user.id, step: step) else {
            let after = try await store.recordSignInFailure(userID: user.id, lockAfter: Self.lockAfter, lockUntil: now.addingTimeInterval(Self.lockFor))
            if let after, after.isLocked(at: now), let until = after.lockedUntil { return .locked(until: until) }
            return .wrong
        }
        try await record(user, "sign-in", nil, now: now)
        return .signedIn(user, try await startSession(user, now: now))
    }

    // MARK: Sessions

    func startSession(_ user: ConsoleUser, now: Date) async throws -> NewSession {
        let cookie = RandomToken.make()
        let session = ConsoleSession(idHash: RandomToken.hash(cookie), userID: user.id, csrf: RandomToken.make(), created: now, lastSeen: now)
        try await store.createSession(session)
        return NewSession(cookie: cookie, session: session)
    }

    /// The session a cookie opens and its user, while neither timeout has passed; seeing
    /// it keeps it alive.
    public func current(cookie: String, now: Date) async throws -> (session: ConsoleSession, user: ConsoleUser)? {
        guard !cookie.isEmpty, let session = try await store.session(idHash: RandomToken.hash(cookie)) else { return nil }
        guard now.timeIntervalSince(session.lastSeen) < Self.idleTimeout, now.timeIntervalSince(session.created) < Self.absoluteTimeout,
              let user = try await store.consoleUser(.id(session.userID)), user.isEnrolled else {
            try await store.endSession(idHash: session.idHash)
            return nil
        }
        if now.timeIntervalSince(session.lastSeen) > 30 { try await store.touchSession(idHash: session.idHash, at: now) }
        return (session, user)
    }

    public func signOut(cookie: String) async throws { try await store.endSession(idHash: RandomToken.hash(cookie)) }

    /// A line of the audit log.
    public func record(_ user: ConsoleUser, _ action: String, _ detail: String?, now: Date) async throws {
        try await store.audit(AuditEntry(at: now, user: user.email, action: action, detail: detail))
    }

    public func auditLog(limit: Int = 50) async throws -> [AuditEntry] { try await store.auditLog(limit: limit) }

    // MARK: The ticket between the two steps

    func ticket(userID: Int64, expires: Date) -> String {
        let payload = "\(userID).\(Int64(expires.timeIntervalSince1970))"
        return payload + "." + mac(payload)
    }

    func verifyTicket(_ ticket: String, now: Date) -> Int64? {
        let parts = ticket.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let id = Int64(parts[0]), let expires = Int64(parts[1]) else { return nil }
        guard RandomToken.equal(String(parts[2]), mac("\(parts[0]).\(parts[1])")), Double(expires) > now.timeIntervalSince1970 else { return nil }
        return id
    }

    func mac(_ payload: String) -> String {
        SubscriberToken.base64url(Data(HMAC<SHA256>.authenticationCode(for: Data(("console-ticket|" + payload).utf8), using: secret)))
    }
}

/// A hash of nothing, made once per `ConsoleAccess`, that unknown addresses are checked against.
final class DecoyHash: @unchecked Sendable {
    private let lock = NSLock()
    private var hash: String?

    func value(_ hasher: any PasswordHasher) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let hash { return hash }
        let made = hasher.hash(RandomToken.make())
        hash = made
        return made
    }
}
