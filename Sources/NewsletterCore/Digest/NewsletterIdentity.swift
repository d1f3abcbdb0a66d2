import Foundation

/// Who sends the newsletter and where its pages live.
public struct NewsletterIdentity: Sendable, Equatable {
    /// The newsletter's name, shown in the header and the `List-Id` phrase.
    public var name: String
    public var from: EmailAddress
    public var replyTo: EmailAddress?
    /// The blog's home page; its host (and the feed's) gets UTM tags.
    public var blogURL: String?
    /// The public base URL of `newsletter serve`: unsubscribe, confirm and archive links.
    public var baseURL: String
    /// The sender's postal address for the footer (CAN-SPAM).
    public var postalAddress: String
    /// The `lang` of the HTML.
    public var language: String
    /// `Feedback-ID` (Gmail feedback loop), when set.
    public var feedbackID: String?
    /// Where the `mailto:` of `List-Unsubscribe` goes: an address `newsletter inbox` reads
    /// (the bounce address); the From address when none is set.
    public var unsubscribeMailbox: String?

    public init(name: String, from: EmailAddress, replyTo: EmailAddress? = nil, blogURL: String? = nil, baseURL: String,
                postalAddress: String, language: String = "en", feedbackID: String? = nil, unsubscribeMailbox: String? = nil) {
        self.unsubscribeMailbox = unsubscribeMailbox
        self.name = name
        self.from = from
        self.replyTo = replyTo
        self.blogURL = blogURL
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.postalAddress = postalAddress
        self.language = language
        self.feedbackID = feedbackID
    }

    /// The writing direction of `language` for `dir`: `rtl` for the scripts written right to
    /// left (Arabic, Hebrew, Persian, Urdu, …), else `ltr`.
    public var direction: String {
        let primary = language.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        return ["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi"].contains(primary) ? "rtl" : "ltr"
    }

    /// `List-Id` (RFC 2919): a phrase and a dotted identifier under the sender's domain.
    public var listID: String {
        let slug = name.lowercased().unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? String($0) : "-" }.joined()
            .split(separator: "-").joined(separator: "-")
        return "\(slug.isEmpty ? "newsletter" : slug).\(from.domain)"
    }
}
