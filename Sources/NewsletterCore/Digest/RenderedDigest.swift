import Foundation

/// A digest rendered once: subject, HTML and text with holes for each subscriber.
public struct RenderedDigest: Sendable {
    public var subject: String
    public var html: PersonalizedText
    public var text: PersonalizedText
    /// The first lines of the first summary, for inbox previews.
    public var preheader: String
    /// Problems worth telling the sender (an HTML part that Gmail clips).
    public var warnings: [String]

    public init(subject: String, html: PersonalizedText, text: PersonalizedText, preheader: String = "", warnings: [String] = []) {
        self.subject = subject
        self.html = html
        self.text = text
        self.preheader = preheader
        self.warnings = warnings
    }
}
