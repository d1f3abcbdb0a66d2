/// What a received report must show before it changes a subscriber
/// (SPEC.md, `NEWSLETTER_INBOX_TRUST`).
public enum InboxTrust: String, Sendable, CaseIterable {
    /// Only a report that proves it answers a copy we sent: a valid VERP tag, a Message-ID
    /// of ours found in the ledger, or a valid signed token quoted in it. Anyone can write
    /// a bounce, a complaint or an "unsubscribe" naming someone else's address.
    case proof
    /// Also the failed recipient's address, or a mailed request's sender, alone: for
    /// senders without VERP whose relay strips the original's headers.
    case address
}

/// How a report was tied to a subscriber, most certain first.
public enum ReportProof: String, Sendable {
    /// The signed VERP tag of the address the report came back to.
    case verp
    /// A Message-ID of ours quoted in the report, found in the send ledger.
    case messageID = "message-id"
    /// A signed unsubscribe token quoted in the report, verified.
    case token
    /// A signed email service's webhook event that names the address.
    case webhook
    /// The address alone (`NEWSLETTER_INBOX_TRUST=address`).
    case address
}
