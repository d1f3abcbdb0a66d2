/// One subscriber's copy of an issue, as claimed for sending.
public struct DeliveryItem: Sendable, Equatable {
    public var subscriberID: Int64
    public var email: String
    public var name: String?
    public var attempts: Int

    public init(subscriberID: Int64, email: String, name: String?, attempts: Int) {
        self.subscriberID = subscriberID
        self.email = email
        self.name = name
        self.attempts = attempts
    }
}
