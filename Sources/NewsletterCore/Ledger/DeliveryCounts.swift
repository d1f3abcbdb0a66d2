/// How far an issue has gone: its copies per ledger state.
public struct DeliveryCounts: Sendable, Equatable {
    public var queued = 0, claimed = 0, sending = 0, sent = 0, failed = 0, bounced = 0, unknown = 0
    public var pending: Int { queued + claimed + sending }

    public init() {}
}
