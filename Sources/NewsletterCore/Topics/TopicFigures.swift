import Foundation

/// What `newsletter topics`, the report and the console say of each topic: its posts of
/// the last 90 days and the confirmed readers who get them.
public struct TopicFigures: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var topic: Topic
        /// Posts of the last 90 days in the topic.
        public var posts: Int
        /// Confirmed readers who get the topic's posts: who follow it, and who follow all.
        public var readers: Int
    }

    public var rows: [Row]
    /// Posts of the last 90 days in no topic (they go to everyone).
    public var postsInNoTopic: Int
    /// Categories of those posts that belong to no topic.
    public var unmatchedCategories: [String]
    /// Confirmed readers who follow every topic (chose none).
    public var readersOfAll: Int

    public static let window: TimeInterval = 90 * 86_400

    /// - Parameter choices: the confirmed readers' topic choices with their counts
    ///   (`IssueQueueing.topicChoices`).
    public init(catalog: TopicCatalog, posts: [Post], choices: [String: Int], now: Date) {
        let recent = posts.filter { ($0.date ?? .distantPast) >= now.addingTimeInterval(-Self.window) && ($0.date ?? .distantPast) <= now }
        let keysOf = recent.map { catalog.keys(of: $0) }
        let all = choices.filter { TopicColumn.decode($0.key).isEmpty }.values.reduce(0, +)
        readersOfAll = all
        rows = catalog.topics.map { topic in
            let readers = choices.filter { TopicColumn.decode($0.key).contains(topic.key) }.values.reduce(0, +)
            return Row(topic: topic, posts: keysOf.filter { $0.contains(topic.key) }.count, readers: readers + all)
        }
        postsInNoTopic = keysOf.filter(\.isEmpty).count
        unmatchedCategories = catalog.unmatchedCategories(of: recent)
    }

    public var json: JSONValue {
        .object([
            ("topics", .array(rows.map { row in
                .object([
                    ("key", .string(row.topic.key)),
                    ("title", .string(row.topic.title)),
                    ("description", .string(row.topic.description)),
                    ("categories", .array(row.topic.categories.map(JSONValue.string))),
                    ("posts_90_days", .number(Double(row.posts))),
                    ("readers", .number(Double(row.readers))),
                ])
            })),
            ("posts_in_no_topic_90_days", .number(Double(postsInNoTopic))),
            ("readers_of_all_topics", .number(Double(readersOfAll))),
            ("unmatched_categories", .array(unmatchedCategories.map(JSONValue.string))),
        ])
    }

    /// Lines for a terminal.
    public var lines: [String] {
        guard !rows.isEmpty else {
            return ["No topics are configured: every reader gets every post. Add [topic.KEY] tables to the config file (README: Topics)."]
        }
        var out = rows.map { row in
            "\(row.topic.key): \(row.topic.title) - \(row.posts) post\(row.posts == 1 ? "" : "s") in 90 days, \(row.readers) reader\(row.readers == 1 ? "" : "s") (categories: \(row.topic.categories.joined(separator: ", ")))"
        }
        out.append("In no topic (sent to everyone): \(postsInNoTopic) post\(postsInNoTopic == 1 ? "" : "s") in 90 days; \(readersOfAll) reader\(readersOfAll == 1 ? " follows" : "s follow") every topic.")
        out.append(unmatchedCategories.isEmpty ? "Every category of those posts belongs to a topic."
            : "Categories in no topic: " + unmatchedCategories.joined(separator: ", ") + ".")
        return out
    }
}
