/// One copy's outcome, ready for the ledger.
public struct RecordedOutcome: Sendable, Equatable {
    public var subscriberID: Int64
    public var email: String
    public var outcome: DeliveryOutcome
    /// The copy's Message-ID, kept so that a report quoting the original is attributed.
    public var messageID: String?

    public init(subscriberID: Int64, email: String, outcome: DeliveryOutcome, messageID: String? = nil) {
        self.subscriberID = subscriberID
        self.email = email
        self.outcome = outcome
        self.messageID = messageID
    }
}
