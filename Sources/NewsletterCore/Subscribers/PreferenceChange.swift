import Foundation

/// What a person (or an operator) changes about how they hear from the newsletter; nil
/// fields stay as they are. Each change is a line of the consent log.
public struct PreferenceChange: Sendable, Equatable {
    public enum Pause: Sendable, Equatable {
        /// Hold every newsletter until this moment.
        case until(Date)
        /// End a pause now.
        case resume
    }

    public var cadence: Cadence?
    public var pause: Pause?
    /// A new display name; an empty string clears it.
    public var name: String?
    /// The topics followed (keys checked by the caller, sorted); empty: every topic.
    public var topics: [String]?

    public init(cadence: Cadence? = nil, pause: Pause? = nil, name: String? = nil, topics: [String]? = nil) {
        self.cadence = cadence
        self.pause = pause
        self.name = name
        self.topics = topics
    }

    public var isEmpty: Bool { cadence == nil && pause == nil && name == nil && topics == nil }

    /// The consent log's words for a change of topics.
    public static func topicsDetail(_ old: [String], _ new: [String]) -> String {
        func words(_ keys: [String]) -> String { keys.isEmpty ? "all topics" : keys.joined(separator: ",") }
        return "\(words(old)) → \(words(new))"
    }
}
