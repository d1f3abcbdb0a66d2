/// What the report parser read in one received message: its kind, the recipients it
/// speaks of, and everything that can attribute it to a subscriber and an issue.
public struct InboundReport: Sendable, Equatable {
    public var kind: ReportKind
    /// The report's own Message-ID, without angle brackets: the key that makes a second
    /// reading of the same report change nothing.
    public var messageID: String?
    public var recipients: [ReportRecipient]
    /// The ARF `Feedback-Type` (`abuse`, `opt-out`, …) of a complaint.
    public var feedbackType: String?
    /// The addresses the report was delivered to (`To`, `Delivered-To`, `X-Original-To`,
    /// …) and the quoted original's envelope sender: where a VERP tag is looked for.
    public var envelopeAddresses: [String]
    /// The Message-IDs of the message the report is about (the quoted original's, or the
    /// `In-Reply-To` / `References` of an automatic reply), without angle brackets.
    public var originalMessageIDs: [String]
    /// Unsubscribe tokens found in the quoted original's `List-Unsubscribe`, or in a mailed
    /// request's subject and body. Unverified: the caller checks them.
    public var unsubscribeTokens: [String]
    /// The sender of the report (for a mailed unsubscribe request: the person), lowercased.
    public var from: String?
    public var subject: String?

    public init(kind: ReportKind, messageID: String? = nil, recipients: [ReportRecipient] = [], feedbackType: String? = nil,
                envelopeAddresses: [String] = [], originalMessageIDs: [String] = [], unsubscribeTokens: [String] = [],
                from: String? = nil, subject: String? = nil) {
        self.kind = kind
        self.messageID = messageID
        self.recipients = recipients
        self.feedbackType = feedbackType
        self.envelopeAddresses = envelopeAddresses
        self.originalMessageIDs = originalMessageIDs
        self.unsubscribeTokens = unsubscribeTokens
        self.from = from
        self.subject = subject
    }
}
