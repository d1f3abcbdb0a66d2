/// A mailbox the inbox reads: list what is waiting, fetch one message, mark it processed
/// once its change is committed. Adapters: `MaildirMailbox`, `CurlMailbox` (IMAP, POP3).
public protocol Mailbox: Sendable {
    /// The mailbox, for sentences to the user (never with a password).
    var description: String { get }
    /// The ids of the messages waiting (unread), oldest first.
    func waiting() async throws -> [String]
    /// The bytes of one message.
    func fetch(_ id: String) async throws -> [UInt8]
    /// Leaves a message that could not be processed as it was, unread (IMAP: fetching it
    /// set `\Seen`, which this takes back).
    func leave(_ id: String) async throws
    /// Marks a message processed: Maildir `cur/` with the `S` flag, IMAP `\Seen`, POP3 deleted.
    func markProcessed(_ id: String) async throws
    /// Ends the session (a POP3 deletion takes effect here).
    func close() async throws
}

/// Why a mailbox could not be read.
public struct MailboxError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
