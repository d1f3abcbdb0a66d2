/// What processing a report does to the subscriber it is attributed to (SPEC.md,
/// `inbox parse --json`'s `action`).
public enum ReportAction: String, Sendable, Codable {
    /// A hard bounce (or the soft bounce that reached the limit): never mailed again.
    case bounced
    /// One more soft bounce counted.
    case softBounce = "soft-bounce"
    /// A spam complaint: never mailed again, not even after an import.
    case complained
    /// A mailed unsubscribe request.
    case unsubscribed
    /// Nothing: a delay, an automatic reply, a report attributed to no one, a change already made.
    case none
}
