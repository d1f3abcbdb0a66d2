/// Which copy of which issue went to whom: what a bounce or complaint is attributed to.
public struct DeliveryReference: Sendable, Equatable {
    public var issueID: String
    public var subscriberID: Int64
    public var email: String

    public init(issueID: String, subscriberID: Int64, email: String) {
        self.issueID = issueID
        self.subscriberID = subscriberID
        self.email = email
    }
}
