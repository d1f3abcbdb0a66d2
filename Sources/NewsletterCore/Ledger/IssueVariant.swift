/// A digest rendered without the posts some subscribers already received in announcements.
public struct IssueVariant: Sendable, Equatable {
    /// 1, 2, …: what a delivery row names.
    public var number: Int
    /// The digest's posts this rendering leaves out.
    public var omitted: Set<String>
    public var subject: String
    public var html: String
    public var text: String

    public init(number: Int, omitted: Set<String>, subject: String, html: String, text: String) {
        self.number = number
        self.omitted = omitted
        self.subject = subject
        self.html = html
        self.text = text
    }
}

/// A set of post ids as the stores keep it in one text column (a variant's omitted posts, a
/// reader's posts received): sorted, joined by U+001F (the unit separator).
public enum PostIDText {
    public static func join(_ ids: Set<String>) -> String {
        ids.sorted().joined(separator: "\u{1F}")
    }

    public static func split(_ text: String) -> Set<String> {
        Set(text.split(separator: "\u{1F}").map(String.init))
    }
}
