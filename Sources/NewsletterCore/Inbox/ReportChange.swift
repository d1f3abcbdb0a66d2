import Foundation

/// One change a report asks of the store, applied at most once per `key`.
public struct ReportChange: Sendable, Equatable {
    /// What makes the change unique: the report's Message-ID (or the webhook event's id)
    /// with the subscriber's id. The same key twice changes nothing the second time.
    public var key: String
    public var subscriberID: Int64
    /// The issue the report is about, when known: its delivery row records the bounce,
    /// and soft bounces are counted per issue.
    public var issueID: String?
    /// `bounced`, `soft-bounce`, `complained` or `unsubscribed`.
    public var action: ReportAction
    /// For the consent log: the report's Message-ID, the status and the diagnostic.
    public var detail: String
    /// Soft bounces on different issues within `softWindow` that make an address `bounced`.
    public var softLimit: Int
    public var softWindow: TimeInterval

    public init(key: String, subscriberID: Int64, issueID: String?, action: ReportAction, detail: String,
                softLimit: Int = 3, softWindow: TimeInterval = 30 * 86_400) {
        self.key = key
        self.subscriberID = subscriberID
        self.issueID = issueID
        self.action = action
        self.detail = detail
        self.softLimit = softLimit
        self.softWindow = softWindow
    }
}

/// What applying a `ReportChange` did.
public enum ReportChangeOutcome: Sendable, Equatable {
    /// The change was made: `action` is what happened (a soft bounce that reached the
    /// limit says `bounced`; a change the status already reflects says `none`).
    case applied(ReportAction, Subscriber)
    /// This key was applied before: nothing changed.
    case duplicate
    /// The subscriber is not in the store (erased since).
    case unknownSubscriber
}
