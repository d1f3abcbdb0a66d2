

/// What a share link or a social post says about a blog post.
public struct SharePost: Sendable, Equatable {
    /// The post's own id in the feed (records of what was posted are keyed by it).
    public var id: String
    public var url: String
    public var title: String
    /// Plain text, may be empty.
    public var summary: String
    /// Without the `#`; only letters, digits and `_` are kept.
    public var hashtags: [String]
    public var image: String?

    public init(id: String? = nil, url: String, title: String, summary: String = "", hashtags: [String] = [], image: String? = nil) {
        self.id = id ?? url
        self.url = url
        self.title = title
        self.summary = summary
        self.hashtags = hashtags.map(Self.hashtag).filter { !$0.isEmpty }
        self.image = image
    }

    /// From a feed post: its categories become hashtags (`Self care` → `SelfCare`).
    public init(_ post: Post, fallbackURL: String) {
        self.init(id: post.id, url: post.url ?? fallbackURL, title: post.title, summary: post.summary,
                  hashtags: Array(post.categories.prefix(3)), image: post.image)
    }

    static func hashtag(_ s: String) -> String {
        var out = ""
        for word in s.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }) {
            out += word.prefix(1).uppercased() + word.dropFirst()
        }
        return out
    }
}
