import Foundation

/// Where a subscriber stands (SPEC "Subscriber statuses"). Only `confirmed` receives digests.
public enum SubscriberStatus: String, Sendable, CaseIterable, Codable {
    case pending, confirmed, unsubscribed, bounced, complained

    /// Statuses an import must never turn back into `confirmed`.
    public var isOptedOut: Bool { self == .unsubscribed || self == .bounced || self == .complained }
}
