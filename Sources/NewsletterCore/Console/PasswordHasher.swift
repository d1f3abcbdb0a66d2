/// Hashes and checks console passwords (bcrypt in `serve`); a port so the rules that use
/// it stay testable without the cost.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) -> String
    func verify(_ password: String, hash: String) -> Bool
}

/// What a console password must be.
public enum PasswordRule {
    public static let minimumLength = 12
    public static let maximumBytes = 72

    /// Why a password is refused, or nil. bcrypt reads at most 72 bytes.
    public static func problem(_ password: String, confirmation: String) -> String? {
        if password.count < minimumLength { return "The password must have at least \(minimumLength) characters." }
        if password.utf8.count > maximumBytes { return "The password must have at most \(maximumBytes) bytes." }
        if password != confirmation { return "The two passwords differ." }
        return nil
    }
}
