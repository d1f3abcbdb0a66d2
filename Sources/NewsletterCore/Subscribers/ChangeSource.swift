import Foundation

/// Where a change came from, for the consent log.
public enum ChangeSource: String, Sendable, Codable {
    case cli, `import`, web, smtp
    /// A bounce, complaint or mailed request read by `newsletter inbox` or a webhook.
    case inbox
    /// The clock: a pause whose date came.
    case schedule
    /// A console user in `newsletter serve` (named in the line's detail).
    case admin
}
