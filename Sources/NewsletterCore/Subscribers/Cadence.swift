/// How often a subscriber hears from the newsletter (SPEC "Cadence").
public enum Cadence: String, Sendable, CaseIterable, Codable {
    /// The weekly digest (the default).
    case weekly
    /// An announcement of every new post.
    case each

    /// For pages and messages.
    public var label: String {
        switch self {
        case .weekly: "the weekly digest"
        case .each: "every new post"
        }
    }
}
