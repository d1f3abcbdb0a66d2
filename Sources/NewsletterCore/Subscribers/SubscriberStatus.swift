import Foundation

/// Where a subscriber stands (SPEC "Subscriber statuses"). Only `confirmed` receives digests.
public enum SubscriberStatus: String, Sendable, CaseIterable, Codable {
    /// Whether the person may change their settings (cadence, pause, name): only someone
    /// still on the list, confirmed or waiting to confirm.
    public var mayChangeSettings: Bool { self == .confirmed || self == .pending }

    case pending, confirmed, unsubscribed, bounced, complained

    /// Statuses an import must never turn back into `confirmed`.
    public var isOptedOut: Bool { self == .unsubscribed || self == .bounced || self == .complained }

    /// Where a new request (a sign-up, an operator's add) takes a subscriber already in
    /// this status; nil when it stays. An opt-out becomes `pending` again (only confirming
    /// anew confirms it, whatever the request says); a `pending` one added as confirmed by
    /// the operator becomes `confirmed`.
    public func afterRequest(confirmed: Bool) -> SubscriberStatus? {
        if isOptedOut { return .pending }
        if confirmed && self == .pending { return .confirmed }
        return nil
    }
}
