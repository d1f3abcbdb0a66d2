import Foundation

/// Where a change came from, for the consent log.
public enum ChangeSource: String, Sendable, Codable {
    case cli, `import`, web, smtp
}
