/// What adding an address did.
public enum AddOutcome: Sendable, Equatable {
    /// A new subscriber.
    case created(Subscriber)
    /// The address was there; its status may have moved to pending (a new request).
    case existing(Subscriber, previous: SubscriberStatus)

    /// The subscriber as it is now.
    public var subscriber: Subscriber {
        switch self {
        case .created(let s), .existing(let s, _): s
        }
    }
}
