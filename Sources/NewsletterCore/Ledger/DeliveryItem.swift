/// One subscriber's copy of an issue, as claimed for sending.
public struct DeliveryItem: Sendable, Equatable {
    public var subscriberID: Int64
    public var email: String
    public var name: String?
    public var attempts: Int
    /// Which rendering of the issue this copy gets (`IssueRecord.variants`; 0 the issue's own).
    public var variant: Int

    public init(subscriberID: Int64, email: String, name: String?, attempts: Int, variant: Int = 0) {
        self.variant = variant
        self.subscriberID = subscriberID
        self.email = email
        self.name = name
        self.attempts = attempts
    }
}
