/// A weekly digest of several posts, or one post announced in full.
public enum IssueKind: String, Sendable, Codable {
    case digest
    case announcement
}
