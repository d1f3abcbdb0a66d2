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
