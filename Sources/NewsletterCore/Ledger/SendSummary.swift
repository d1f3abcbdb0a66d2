

/// What a send did.
public struct SendSummary: Sendable, Equatable {
    public var sent = 0
    public var bounced = 0
    public var failed = 0
    /// Copies still deferred (4xx) when the run ended: the next run tries them again.
    public var deferred = 0
    /// Copies in flight when an earlier send was interrupted: maybe delivered, not resent.
    public var inFlight: [String] = []
    public var seconds = 0.0

    public init() {}
}
