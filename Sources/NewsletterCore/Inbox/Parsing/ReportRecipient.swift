/// One recipient a delivery report speaks of (RFC 3464 §2.3).
public struct ReportRecipient: Sendable, Equatable, Codable {
    /// The address that failed (the `Final-Recipient`, else the `Original-Recipient`), lowercased.
    public var email: String
    /// The RFC 3463 status code such as `5.1.1`, when the report gives one.
    public var status: String?
    /// The DSN action: `failed`, `delayed`, `delivered`, `relayed` or `expanded`.
    public var action: String?
    /// True when the address itself is gone: unknown user or domain, moved.
    public var hard: Bool
    /// What the remote server said (the `Diagnostic-Code`, or the MTA's text), on one line.
    public var diagnostic: String?
    /// Why it failed, in a word (`userunknown`, `mailboxfull`, `blocked`, …).
    public var reason: BounceReason

    public init(email: String, status: String?, action: String?, hard: Bool, diagnostic: String?, reason: BounceReason) {
        self.email = email
        self.status = status
        self.action = action
        self.hard = hard
        self.diagnostic = diagnostic
        self.reason = reason
    }

    /// A recipient a complaint or an unsubscribe request speaks of: no status, no action.
    public static func feedback(_ email: String, diagnostic: String? = nil) -> ReportRecipient {
        ReportRecipient(email: email, status: nil, action: nil, hard: false, diagnostic: diagnostic, reason: .feedback)
    }
}
