import Foundation

/// Where the inbox's decisions land.
public protocol ReportSink: Sendable {
    /// Applies what a bounce, complaint or mailed unsubscribe says (`ReportChange.decide`
    /// made the decision), at most once per `change.key`, in one transaction with its line
    /// of the consent log, the soft-bounce count and the delivery row.
    func applyReport(_ change: ReportChange, now: Date) async throws -> ReportChangeOutcome
}
