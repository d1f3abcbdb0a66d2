import Foundation

/// Where one copy of an issue stands (the `delivery.state` column). A copy is `queued`,
/// `claimed` by a worker, `sending` while its SMTP transaction runs, then `sent`, `failed`
/// (4xx too often), `bounced` (5xx), or `unknown` (in flight when a send was killed: never
/// sent again, so no one gets an issue twice). A deferred copy is `queued` again.
public enum DeliveryState: String, Sendable, CaseIterable, CustomStringConvertible {
    case queued, claimed, sending, sent, failed, bounced, unknown

    /// The raw value, so SQL can be written `state = '\(DeliveryState.queued)'`.
    public var description: String { rawValue }

    /// The states a copy is in while a worker holds it.
    public static let held: [DeliveryState] = [.claimed, .sending]

    /// `'a', 'b'` for an SQL `IN (…)` list.
    public static func sqlList(_ states: [DeliveryState]) -> String {
        states.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    }

    /// The state an outcome leaves a copy in, and when it is due again (0: never).
    public static func after(_ outcome: DeliveryOutcome) -> (state: DeliveryState, due: Double, reply: String) {
        switch outcome {
        case .sent(let reply): (.sent, 0, reply)
        case .deferred(let reply, let retryAt): (.queued, retryAt.timeIntervalSince1970, reply)
        case .failed(let reply): (.failed, 0, reply)
        case .bounced(let reply): (.bounced, 0, reply)
        }
    }

    /// The outcome that left a copy in this state (what `after` wrote, read back from a
    /// journal); nil for the states no outcome leaves.
    public func outcome(reply: String, due: Double) -> DeliveryOutcome? {
        switch self {
        case .sent: .sent(reply: reply)
        case .queued: .deferred(reply: reply, retryAt: Date(timeIntervalSince1970: due))
        case .failed: .failed(reply: reply)
        case .bounced: .bounced(reply: reply)
        case .claimed, .sending, .unknown: nil
        }
    }
}

/// Where an issue stands (the `issue.state` column): `sending` until every copy is settled, then `done`.
public enum IssueState: String, Sendable, CaseIterable, CustomStringConvertible {
    case sending, done

    public var description: String { rawValue }
}
