import Foundation

/// A change of one subscriber's status that a person or an operator asks for, decided
/// here: what it moves to, the consent log's action and detail, and the issue it came from.
public struct StatusRequest: Sendable, Equatable {
    public var email: String
    public var status: SubscriberStatus
    public var action: ConsentAction
    public var detail: String?
    public var issueID: String?

    /// The person's own confirmation: the only way back from an opt-out.
    public static func confirm(_ email: String) -> StatusRequest {
        StatusRequest(email: email, status: .confirmed, action: .confirm, detail: nil, issueID: nil)
    }

    /// An unsubscribe, with the issue whose link was used.
    public static func unsubscribe(_ email: String, issue: String?) -> StatusRequest {
        StatusRequest(email: email, status: .unsubscribed, action: .unsubscribe, detail: issue.map { "issue:" + $0 }, issueID: issue)
    }
}

/// What a store adapter writes for a `StatusRequest`: the status and its line of the
/// consent log in one transaction; nothing when the status already says it.
public protocol StatusWriter: Sendable {
    func apply(_ request: StatusRequest, source: ChangeSource, context: ChangeContext?, now: Date) async throws -> Subscriber
}

extension SubscriptionChanges where Self: StatusWriter {
    @discardableResult
    public func confirm(_ email: String, source: ChangeSource, context: ChangeContext?, now: Date) async throws -> Subscriber {
        try await apply(.confirm(email), source: source, context: context, now: now)
    }

    @discardableResult
    public func unsubscribe(_ email: String, source: ChangeSource, context: ChangeContext?, issue: String?, now: Date) async throws -> Subscriber {
        try await apply(.unsubscribe(email, issue: issue), source: source, context: context, now: now)
    }
}
