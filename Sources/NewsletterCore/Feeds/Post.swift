import Foundation

/// One blog post, normalised from any feed format.
public struct Post: Sendable, Equatable, Hashable {
    /// A stable identifier: the feed's guid or id, else the link.
    public var id: String
    /// Plain text: entities decoded, no markup. Empty when the feed gives none.
    public var title: String
    /// The absolute URL of the post, when the feed gives one.
    public var url: String?
    public var published: Date?
    public var updated: Date?
    public var author: String?
    public var categories: [String]
    /// The absolute URL of the post's image (enclosure, media, featured image, or first `<img>`).
    public var image: String?
    /// The post's content as cleaned HTML with absolute URLs.
    public var contentHTML: String?
    /// A plain-text summary, cut at a word boundary.
    public var summary: String

    public init(
        id: String, title: String, url: String? = nil, published: Date? = nil, updated: Date? = nil,
        author: String? = nil, categories: [String] = [], image: String? = nil, contentHTML: String? = nil, summary: String = ""
    ) {
        self.id = id
        self.title = title
        self.url = url
        self.published = published
        self.updated = updated
        self.author = author
        self.categories = categories
        self.image = image
        self.contentHTML = contentHTML
        self.summary = summary
    }

    /// The date used to order posts: published, else updated.
    public var date: Date? { published ?? updated }
}
