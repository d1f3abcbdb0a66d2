import NewsletterCore

/// What the console sends with: the send use case as `newsletter send` runs it (the same
/// ledger, lock and transport), and the preview as `newsletter preview` renders it.
public struct ConsoleSending: Sendable {
    /// Runs a send request, telling what happens; false when copies failed for good.
    public var run: @Sendable (SendIssue.Request, _ events: @escaping @Sendable (SendIssue.Event) -> Void) async throws -> Bool
    /// A message as one reader will get it.
    public var preview: @Sendable (MarkdownMessage, Recipient) async throws -> PreviewIssue.Preview
    /// A draft's posts (read from the feed) as one reader will get them; nil when none is in the feed.
    public var previewDraft: @Sendable (IssueDraft, Recipient) async throws -> PreviewIssue.Preview?

    public init(run: @escaping @Sendable (SendIssue.Request, @escaping @Sendable (SendIssue.Event) -> Void) async throws -> Bool,
                preview: @escaping @Sendable (MarkdownMessage, Recipient) async throws -> PreviewIssue.Preview,
                previewDraft: @escaping @Sendable (IssueDraft, Recipient) async throws -> PreviewIssue.Preview? = { _, _ in nil }) {
        self.run = run
        self.preview = preview
        self.previewDraft = previewDraft
    }
}
