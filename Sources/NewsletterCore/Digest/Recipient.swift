import Foundation

/// The person a copy is personalised for.
public struct Recipient: Sendable, Equatable {
    public var email: String
    public var name: String?

    public init(email: String, name: String? = nil) {
        self.email = email
        self.name = name
    }

    /// The first word of the name for "Hi …,", or "there" without one.
    public var greetingName: String {
        name.map { HTMLText.collapseWhitespace(HeaderEncoding.sanitize($0)) }.flatMap { $0.split(separator: " ").first.map(String.init) } ?? "there"
    }
}
