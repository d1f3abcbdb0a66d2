import Foundation

/// One copy's outcome, ready for the ledger.
public struct RecordedOutcome: Sendable, Equatable {
    public var subscriberID: Int64
    public var email: String
    public var outcome: DeliveryOutcome

    public init(subscriberID: Int64, email: String, outcome: DeliveryOutcome) {
        self.subscriberID = subscriberID
        self.email = email
        self.outcome = outcome
    }
}
