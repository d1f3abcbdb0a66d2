import Foundation

/// One person on the list.
public struct Subscriber: Sendable, Equatable {
    public var id: Int64
    public var email: String
    public var name: String?
    public var status: SubscriberStatus
    public var created: Date
    public var confirmed: Date?
    public var updated: Date
    /// Extra CSV columns and the like, kept as given.
    public var attributes: [String: String]
    /// Soft bounces on different issues within the last 30 days, as last counted.
    public var softBounces: Int
    public var cadence: Cadence
    /// Every newsletter waits until this moment; nil when not paused.
    public var pausedUntil: Date?
    /// The topic keys followed, sorted; empty: every topic.
    public var topics: [String]

    public init(id: Int64, email: String, name: String?, status: SubscriberStatus, created: Date, confirmed: Date?,
                updated: Date, attributes: [String: String] = [:], softBounces: Int = 0, cadence: Cadence = .weekly, pausedUntil: Date? = nil,
                topics: [String] = []) {
        self.topics = topics
        self.softBounces = softBounces
        self.cadence = cadence
        self.pausedUntil = pausedUntil
        self.id = id
        self.email = email
        self.name = name
        self.status = status
        self.created = created
        self.confirmed = confirmed
        self.updated = updated
        self.attributes = attributes
    }

    /// Whether a pause holds mail at `now`.
    public func isPaused(at now: Date) -> Bool {
        pausedUntil.map { $0 > now } ?? false
    }
}
