

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
