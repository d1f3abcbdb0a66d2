import NewsletterCore

/// Why a store operation was refused or failed.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case invalidAddress(String, EmailSyntax.Problem)
    case unknownSubscriber(String)
    case cannotOpen(path: String, reason: String)
    case notAllowed(String)

    public var description: String {
        switch self {
        case .invalidAddress(let address, let problem):
            return "The address '\(address)' \(problem)."
        case .unknownSubscriber(let address):
            return "No subscriber has the address \(address)."
        case .cannotOpen(let path, let reason):
            return "The subscriber store \(path) cannot be opened: \(reason)."
        case .notAllowed(let reason):
            return reason
        }
    }
}

/// The request behind a web sign-up, kept as consent evidence.
public struct RequestContext: Sendable, Equatable {
    public var ip: String?
    public var userAgent: String?

    public init(ip: String?, userAgent: String?) {
        self.ip = ip
        self.userAgent = userAgent
    }
}

/// One line of the consent log.
public struct SubscriberEvent: Sendable, Equatable {
    public var at: Double
    public var action: String
    public var oldStatus: SubscriberStatus?
    public var newStatus: SubscriberStatus?
    public var source: ChangeSource
    public var ip: String?
    public var userAgent: String?
    public var detail: String?
}
