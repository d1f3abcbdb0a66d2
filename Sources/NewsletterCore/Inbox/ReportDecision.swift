/// What a report does to a subscriber: decided here, once, for every store; an adapter
/// only persists it (in the transaction that also records the report's key).
public enum ReportDecision: Sendable, Equatable {
    /// The status moves to `status`, with a consent-log line; the report did `done`.
    case move(to: SubscriberStatus, action: ConsentAction, detail: String, done: ReportAction)
    /// A consent-log line only (a soft bounce under the limit); the report did `done`.
    case log(action: ConsentAction, detail: String, done: ReportAction)
    /// The status already says it (or the report asks nothing).
    case nothing
}

extension SubscriberStatus {
    /// The statuses a report may move a subscriber from into `target`: a bounce or an
    /// unsubscribe only touches someone still on the list; a complaint is recorded over an
    /// opt-out too (it is the stronger word), never twice.
    public static func reportMovesFrom(to target: SubscriberStatus) -> Set<SubscriberStatus> {
        switch target {
        case .bounced, .unsubscribed: [.pending, .confirmed]
        case .complained: [.pending, .confirmed, .unsubscribed, .bounced]
        case .pending, .confirmed: []
        }
    }
}

extension ReportChange {
    /// What this report does to a subscriber now `current`, who has `softBounces` soft
    /// bounces within the window counting this one (only read for a soft bounce).
    public func decide(current: SubscriberStatus, softBounces: Int) -> ReportDecision {
        func move(_ target: SubscriberStatus, _ consent: ConsentAction, _ detail: String, _ done: ReportAction) -> ReportDecision {
            SubscriberStatus.reportMovesFrom(to: target).contains(current) ? .move(to: target, action: consent, detail: detail, done: done) : .nothing
        }
        switch action {
        case .bounced:
            return move(.bounced, .bounce, detail, .bounced)
        case .softBounce:
            guard softBounces >= softLimit else {
                return .log(action: .softBounce, detail: "\(softBounces) of \(softLimit); " + detail, done: .softBounce)
            }
            return move(.bounced, .bounce, "\(softBounces) soft bounces within 30 days; " + detail, .bounced)
        case .complained:
            return move(.complained, .complaint, detail, .complained)
        case .unsubscribed:
            return move(.unsubscribed, .unsubscribe, detail, .unsubscribed)
        case .none:
            return .nothing
        }
    }

    /// The note on the issue's delivery row, for the reports that concern a copy (bounces
    /// and complaints, not unsubscribes).
    public var deliveryNote: (issueID: String, note: String)? {
        guard let issueID, action == .bounced || action == .softBounce || action == .complained else { return nil }
        return (issueID, "\(action.rawValue); \(detail)")
    }

    /// What a soft bounce is counted under: its issue (one per issue), or the report itself.
    public var softBounceKey: String { issueID ?? "report:" + key }
}

extension ReportDecision {
    /// What the report did, for the outcome.
    public var done: ReportAction {
        switch self {
        case .move(_, _, _, let done), .log(_, _, let done): done
        case .nothing: .none
        }
    }
}
