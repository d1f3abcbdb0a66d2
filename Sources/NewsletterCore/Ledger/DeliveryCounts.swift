/// How far an issue has gone: its copies per ledger state.
public struct DeliveryCounts: Sendable, Equatable {
    public var queued = 0, claimed = 0, sending = 0, sent = 0, failed = 0, bounced = 0, unknown = 0
    public var pending: Int { queued + claimed + sending }

    public init() {}
}

extension DeliveryCounts {
    /// Adds `n` copies in the state a store wrote (an unknown word counts as `unknown`).
    public mutating func add(_ state: String, _ n: Int) {
        switch DeliveryState(rawValue: state) ?? .unknown {
        case .queued: queued += n
        case .claimed: claimed += n
        case .sending: sending += n
        case .sent: sent += n
        case .failed: failed += n
        case .bounced: bounced += n
        case .unknown: unknown += n
        }
    }
}
