/// What a line of the consent log records (its `action` column): the one spelling of each
/// kind of change, for both stores and the reports that read them back.
public enum ConsentAction: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Signed up (or imported): the new row's status.
    case subscribe
    /// Confirmed by the person (or for them, by the operator).
    case confirm
    /// Asked again after opting out: back to pending.
    case resubscribe
    case unsubscribe
    /// A hard bounce, or soft bounces past the limit.
    case bounce
    /// A soft bounce under the limit: counted, the status unchanged.
    case softBounce = "soft-bounce"
    /// A spam complaint.
    case complaint
    /// A confirmation email went out.
    case confirmationSent = "confirmation-sent"
    /// A pause's date came.
    case pauseEnded = "pause-ended"
    /// Preferences: how often, a pause, its early end, the name.
    case cadence, pause, resume, name
    /// The topics followed.
    case topics

    /// The raw value, so SQL can be written `action = '\(ConsentAction.unsubscribe)'`.
    public var description: String { rawValue }
}
