import Foundation

/// The outcome of one copy's SMTP transaction (RFC 5321 §4.2.1 reply classes).
public enum DeliveryOutcome: Sendable, Equatable {
    case sent(reply: String)
    /// 4xx or a dropped connection: queued again for `retryAt`.
    case deferred(reply: String, retryAt: Date)
    /// Deferred too often: given up.
    case failed(reply: String)
    /// 5xx: the address is refused; the subscriber becomes `bounced`.
    case bounced(reply: String)
}
