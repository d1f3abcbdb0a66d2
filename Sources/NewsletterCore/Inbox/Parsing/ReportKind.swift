/// What a received message is, for the inbox (SPEC.md, `inbox parse --json`).
public enum ReportKind: String, Sendable, Codable, CaseIterable {
    /// A final failure for at least one recipient (RFC 3464 `Action: failed`, or an MTA's text).
    case bounce
    /// Only delays: the sender's server is still trying.
    case delay
    /// A feedback-loop report (RFC 5965 ARF), or a provider's complaint notification.
    case complaint
    /// A mailed unsubscribe request (the `mailto:` of `List-Unsubscribe`).
    case unsubscribe
    /// An automatic answer (RFC 3834): a vacation notice, an auto-responder.
    case autoreply
    /// Anything else.
    case other
}
