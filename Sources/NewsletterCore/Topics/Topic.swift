import Foundation

/// A part of the blog a reader can follow (`[topic.KEY]` in the config file): a title, a
/// short description, and the feed categories or tags that belong to it.
public struct Topic: Sendable, Equatable {
    /// Lowercase letters, digits, `-` and `_`: what the CLI, the CSV column, the JSON field
    /// and the forms carry.
    public var key: String
    public var title: String
    public var description: String
    public var categories: [String]

    public init(key: String, title: String, description: String = "", categories: [String]) {
        self.key = key
        self.title = title
        self.description = description
        self.categories = categories
    }

    /// Whether `key` is a topic key's shape.
    public static func isKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= 40 && key.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F }
    }

    /// A category as topics match it: case and accents ignored, inner white space one space.
    public static func fold(_ category: String) -> String {
        category.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// The configured topics, and which of them a post belongs to.
public struct TopicCatalog: Sendable, Equatable {
    public let topics: [Topic]
    private let byCategory: [String: [String]]

    public init(_ topics: [Topic]) {
        self.topics = topics
        var map: [String: [String]] = [:]
        for topic in topics {
            for category in topic.categories {
                let folded = Topic.fold(category)
                if !(map[folded] ?? []).contains(topic.key) { map[folded, default: []].append(topic.key) }
            }
        }
        byCategory = map
    }

    public static let none = TopicCatalog([])

    public var isEmpty: Bool { topics.isEmpty }
    public var keys: [String] { topics.map(\.key) }

    public func topic(_ key: String) -> Topic? { topics.first { $0.key == key } }

    /// The keys of the topics `post` belongs to, in the catalog's order; empty: a post in no
    /// topic, which goes to everyone.
    public func keys(of post: Post) -> [String] {
        let found = Set(post.categories.flatMap { byCategory[Topic.fold($0)] ?? [] })
        return keys.filter(found.contains)
    }

    /// The categories of `posts` that belong to no topic, as first written, once each.
    public func unmatchedCategories(of posts: [Post]) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for category in posts.flatMap(\.categories) where byCategory[Topic.fold(category)] == nil {
            if seen.insert(Topic.fold(category)).inserted { out.append(category) }
        }
        return out
    }

    /// The posts of `posts` that a reader following `followed` does not get: those in some
    /// topic, none of them followed. Following nothing (empty) is following everything.
    public func omitted(from posts: [Post], following followed: Set<String>) -> Set<String> {
        guard !followed.isEmpty else { return [] }
        var out = Set<String>()
        for post in posts {
            let keys = keys(of: post)
            if !keys.isEmpty, followed.isDisjoint(with: keys) { out.insert(post.id) }
        }
        return out
    }

    /// Keys as a person or a file gave them (`recovery,family`, `recovery;family`, or `all`),
    /// checked against the catalog: sorted, unique; empty means all topics.
    public func parse(_ text: String, separators: Set<Character> = [",", ";"]) throws -> [String] {
        let items = text.split(whereSeparator: { separators.contains($0) }).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        if items == ["all"] || items.isEmpty { return [] }
        return try normalize(items)
    }

    /// Keys checked against the catalog, sorted and unique; every key chosen is all topics.
    public func normalize(_ keys: [String]) throws -> [String] {
        for key in keys where topic(key) == nil {
            throw TopicError.unknown(key, known: self.keys)
        }
        let chosen = Set(keys)
        return chosen.count == topics.count ? [] : chosen.sorted()
    }
}

/// A topic key that is not configured.
public enum TopicError: Error, Equatable, CustomStringConvertible {
    case unknown(String, known: [String])

    public var description: String {
        switch self {
        case .unknown(let key, let known):
            known.isEmpty ? "'\(key)' is not a topic: no topics are configured ([topic.KEY] in the config file)."
                : "'\(key)' is not a topic; the topics are \(known.joined(separator: ", ")) (or 'all')."
        }
    }
}

/// How a subscriber's topics are kept in a store's text column: `,a,b,` (so that one
/// topic is found with `LIKE '%,a,%'`), or empty for all topics.
public enum TopicColumn {
    public static func encode(_ keys: [String]) -> String {
        keys.isEmpty ? "" : "," + keys.sorted().joined(separator: ",") + ","
    }

    public static func decode(_ value: String?) -> [String] {
        (value ?? "").split(separator: ",").map(String.init).sorted()
    }

    /// The SQL condition "follows one of `keys`, or all topics" on `column`, for keys of
    /// `Topic.isKey`'s shape (so they need no escaping in a LIKE pattern).
    public static func followsAny(_ keys: [String], column: String) -> String {
        (["\(column) = ''"] + keys.filter(Topic.isKey).map { "\(column) LIKE '%,\($0),%'" }).joined(separator: " OR ")
    }
}
