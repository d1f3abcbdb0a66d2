import CCMark
import Crypto
import Foundation

/// CommonMark to HTML through cmark, the reference implementation (Debian's libcmark), in
/// its safe mode: raw HTML is left out and `javascript:`, `vbscript:`, `file:` and most
/// `data:` links are emptied; invalid UTF-8 is replaced.
public enum Markdown {
    public static func html(_ source: String) -> String {
        var text = source
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return "" }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { pointer in
                guard let rendered = cmark_markdown_to_html(pointer, bytes.count, CMARK_OPT_VALIDATE_UTF8) else { return "" }
                defer { free(rendered) }
                return String(cString: rendered)
            }
        }
    }
}

/// An announcement written in Markdown rather than taken from the feed (`send --markdown`,
/// the console's composer): sent through the announcement templates and the ledger as a
/// post of its own, so a reader gets it once whoever sends it.
public struct MarkdownMessage: Sendable, Equatable {
    public static let idPrefix = "urn:newsletter:message:"
    public static let maximumBytes = 512 * 1024

    public var subject: String
    public var markdown: String
    /// nil: everyone confirmed; else the readers of one cadence.
    public var cadence: Cadence?

    public init(subject: String, markdown: String, cadence: Cadence? = nil) {
        self.subject = subject
        self.markdown = markdown
        self.cadence = cadence
    }

    /// Why the message cannot be sent, or nil.
    public var problem: String? {
        if HTMLText.collapseWhitespace(subject).isEmpty { return "The subject is empty." }
        if subject.count > 200 { return "The subject has \(subject.count) characters; keep it under 200." }
        if markdown.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "The message is empty." }
        if markdown.utf8.count > Self.maximumBytes { return "The message is \(markdown.utf8.count / 1024) KB; keep it under \(Self.maximumBytes / 1024) KB." }
        return nil
    }

    /// The message as the post the announcement templates show: its subject as the title,
    /// its Markdown as HTML, an id made of both (the same message is the same post).
    public func post(at date: Date) -> Post {
        let html = HTMLCleaner.clean(Markdown.html(markdown), base: nil)
        let title = HTMLText.collapseWhitespace(subject)
        let summary = HTMLText.excerpt(HTMLText.plainText(html, limit: 300), limit: 300)
        return Post(id: Self.idPrefix + SHA256.hash(data: Data((title + "\u{0}" + markdown).utf8)).prefix(12).lowercaseHex, title: title, url: nil, published: date,
                    contentHTML: html, summary: summary)
    }

    public static func isMessage(_ post: Post) -> Bool { post.id.hasPrefix(idPrefix) }

    /// Who gets it.
    public var audience: IssueAudience { IssueAudience(cadence: cadence) }
}
