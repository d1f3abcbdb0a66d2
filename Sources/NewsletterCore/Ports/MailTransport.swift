/// A message ready to go: the SMTP envelope and the bytes of the message.
public struct OutgoingMessage: Sendable {
    /// The envelope sender (`MAIL FROM`), e.g. a bounce address.
    public var sender: String
    public var recipients: [String]
    public var data: [UInt8]

    public init(sender: String, recipients: [String], data: [UInt8]) {
        self.sender = sender
        self.recipients = recipients
        self.data = data
    }
}

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
