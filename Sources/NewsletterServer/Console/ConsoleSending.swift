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
    /// The next weekly digest as one reader would get it.
    public var nextDigest: @Sendable (Recipient) async throws -> NextDigest = { _ in NextDigest(posts: [], readers: 0, preview: nil) }
    /// `newsletter check`'s results.
    public var checks: @Sendable () async throws -> [CheckResult] = { [] }
    /// The effective settings and where each came from.
    public var settings: @Sendable () -> [SettingLine] = { [] }

    public init(run: @escaping @Sendable (SendIssue.Request, @escaping @Sendable (SendIssue.Event) -> Void) async throws -> Bool,
                preview: @escaping @Sendable (MarkdownMessage, Recipient) async throws -> PreviewIssue.Preview,
                previewDraft: @escaping @Sendable (IssueDraft, Recipient) async throws -> PreviewIssue.Preview? = { _, _ in nil }) {
        self.run = run
        self.preview = preview
        self.previewDraft = previewDraft
    }
}

/// One effective setting: its variable, its value as shown (secrets masked), and where it came from.
public struct SettingLine: Sendable, Equatable {
    public var name: String
    public var value: String
    public var origin: String

    public init(name: String, value: String, origin: String) {
        self.name = name
        self.value = value
        self.origin = origin
    }
}

/// What the next weekly digest would carry, to whom, and how it looks.
public struct NextDigest: Sendable {
    public var posts: [Post]
    public var readers: Int
    public var preview: PreviewIssue.Preview?

    public init(posts: [Post], readers: Int, preview: PreviewIssue.Preview?) {
        self.posts = posts
        self.readers = readers
        self.preview = preview
    }
}
