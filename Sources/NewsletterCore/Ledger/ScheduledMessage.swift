import Foundation

/// A Markdown announcement recorded to go out at a set time (`send --markdown … --at`, the
/// console's "send at"): the first send run after the time sends it, once.
public struct ScheduledMessage: Sendable, Equatable {
    public enum State: String, Sendable { case waiting, sent, cancelled }

    public var id: Int64
    public var message: MarkdownMessage
    public var at: Date
    public var created: Date
    public var state: State
    /// Who recorded it: `cli`, or a console user's address.
    public var by: String
    public var issueID: String?

    public init(id: Int64 = 0, message: MarkdownMessage, at: Date, created: Date, state: State = .waiting, by: String, issueID: String? = nil) {
        self.id = id
        self.message = message
        self.at = at
        self.created = created
        self.state = state
        self.by = by
        self.issueID = issueID
    }
}

/// Scheduled messages, in the store.
public protocol MessageSchedule: Sendable {
    func schedule(_ message: ScheduledMessage) async throws -> ScheduledMessage
    /// Waiting messages, soonest first; with `dueBy`, only those due then.
    func scheduledMessages(dueBy: Date?, limit: Int) async throws -> [ScheduledMessage]
    /// Moves a waiting message to `state` (with the issue it went out as); false when it
    /// was not waiting any more (another sender took it).
    func finishScheduled(id: Int64, state: ScheduledMessage.State, issueID: String?) async throws -> Bool
}
