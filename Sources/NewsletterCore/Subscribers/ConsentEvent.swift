/// One line of the consent log: when, what, from which status to which, and from where.
public struct ConsentEvent: Sendable, Equatable {
    public var at: Double
    public var action: String
    public var oldStatus: SubscriberStatus?
    public var newStatus: SubscriberStatus?
    public var source: ChangeSource
    public var ip: String?
    public var userAgent: String?
    public var detail: String?

    public init(at: Double, action: String, oldStatus: SubscriberStatus?, newStatus: SubscriberStatus?, source: ChangeSource,
                ip: String?, userAgent: String?, detail: String?) {
        self.at = at
        self.action = action
        self.oldStatus = oldStatus
        self.newStatus = newStatus
        self.source = source
        self.ip = ip
        self.userAgent = userAgent
        self.detail = detail
    }

    /// The first line of a subscriber an import batch added, read from the batch's range line.
    public static func imported(at: Double, status: String) -> ConsentEvent {
        ConsentEvent(at: at, action: ConsentAction.subscribe.rawValue, oldStatus: nil, newStatus: SubscriberStatus(rawValue: status), source: .import,
                     ip: nil, userAgent: nil, detail: nil)
    }
}
