

/// An attribute with its namespace resolved.
public struct XMLAttribute: Sendable, Equatable {
    public let name: String
    public let namespace: String?
    public let qualifiedName: String
    public let value: String
}
