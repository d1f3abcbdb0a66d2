/// Delivers messages: a pool of SMTP connections (`SMTPPoolTransport`), or the Maildir
/// outbox (`MaildirTransport`). Calls may run at once, up to `connections`.
public protocol MailTransport: Sendable {
    /// How many messages it can carry at once (one per connection).
    var connections: Int { get }
    /// Where the messages go, for sentences to the user.
    var description: String { get }
    /// Sends one message and returns the server's final reply.
    @discardableResult
    func send(_ message: OutgoingMessage) async throws -> String
}

/// What a transport throws when it knows the message was not delivered and the next would
/// fail the same way (an outbox that cannot be written): the send stops, and the copy goes
/// back to the queue for the next run, never counted as possibly delivered (`unknown`).
public protocol UndeliveredError: Error, CustomStringConvertible {}
