import Foundation

/// Finding people for the console: by the start of their address or name, a page at a time.
public protocol SubscriberSearch: Sendable {
    /// Up to `query.limit` subscribers in address order after `query.after`.
    func search(_ query: SubscriberQuery) async throws -> [Subscriber]
}

/// What the console's subscriber list asks for.
public struct SubscriberQuery: Sendable, Equatable {
    /// The start of an address or a name, any case; empty for everyone.
    public var prefix: String
    public var status: SubscriberStatus?
    public var cadence: Cadence?
    /// The last address of the previous page.
    public var after: String
    public var limit: Int

    public init(prefix: String = "", status: SubscriberStatus? = nil, cadence: Cadence? = nil, after: String = "", limit: Int = 50) {
        self.prefix = prefix.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        self.status = status
        self.cadence = cadence
        self.after = after.lowercased()
        self.limit = max(1, min(limit, 500))
    }

    /// A prefix for SQL `LIKE`, its wildcards escaped with `\`.
    public var likePattern: String {
        prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
