import Foundation

/// A person who signs in to the console: a password (a bcrypt hash) and a TOTP second
/// factor, set through a one-time link; locked for a while after too many failures.
public struct ConsoleUser: Sendable, Equatable {
    public var id: Int64
    public var email: String
    public var role: ConsoleRole
    /// bcrypt; nil until the person has used the set-up link.
    public var passwordHash: String?
    /// The TOTP key's text (its UTF-8 bytes are the key; base32 of them in the `otpauth://` URI).
    public var totpSecret: String
    /// SHA-256 of the one-time set-up link's token, until it is used.
    public var setupTokenHash: String?
    public var setupExpires: Date?
    /// Failed passwords and codes since the last sign-in.
    public var failedAttempts: Int
    public var lockedUntil: Date?
    /// The TOTP time step last accepted: a code is good once.
    public var lastCodeStep: Int64
    public var created: Date

    public init(id: Int64 = 0, email: String, role: ConsoleRole, passwordHash: String? = nil, totpSecret: String, setupTokenHash: String? = nil,
                setupExpires: Date? = nil, failedAttempts: Int = 0, lockedUntil: Date? = nil, lastCodeStep: Int64 = 0, created: Date) {
        self.id = id
        self.email = email
        self.role = role
        self.passwordHash = passwordHash
        self.totpSecret = totpSecret
        self.setupTokenHash = setupTokenHash
        self.setupExpires = setupExpires
        self.failedAttempts = failedAttempts
        self.lockedUntil = lockedUntil
        self.lastCodeStep = lastCodeStep
        self.created = created
    }

    /// Whether the person has set a password and enrolled the second factor.
    public var isEnrolled: Bool { passwordHash != nil && setupTokenHash == nil }

    public func isLocked(at now: Date) -> Bool { lockedUntil.map { $0 > now } ?? false }
}

/// A signed-in browser: the cookie holds a random id, the store its SHA-256.
public struct ConsoleSession: Sendable, Equatable {
    public var idHash: String
    public var userID: Int64
    /// The token every form of this session carries.
    public var csrf: String
    public var created: Date
    public var lastSeen: Date

    public init(idHash: String, userID: Int64, csrf: String, created: Date, lastSeen: Date) {
        self.idHash = idHash
        self.userID = userID
        self.csrf = csrf
        self.created = created
        self.lastSeen = lastSeen
    }
}

/// One line of the console's audit log: who did what, when.
public struct AuditEntry: Sendable, Equatable {
    public var at: Date
    public var user: String
    public var action: String
    public var detail: String?

    public init(at: Date, user: String, action: String, detail: String? = nil) {
        self.at = at
        self.user = user
        self.action = action
        self.detail = detail
    }
}
