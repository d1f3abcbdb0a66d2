/// How a send behaves.
public struct SendOptions: Sendable {
    /// Connections sending at once.
    public var concurrency: Int = 4
    /// Messages per second across all connections; nil is as fast as the server takes them.
    public var rate: Double?
    /// At most this many messages in any hour; nil is no cap.
    public var hourlyCap: Int?
    /// The first retry of a deferred copy waits about this long; each further one twice as long.
    public var retryBase: Double = 60
    public var maxAttempts: Int = 8
    /// How long this run waits for deferred copies before leaving them to the next run.
    public var maxWait: Double = 300
    /// Copies claimed at a time by one connection (its outcomes are recorded together).
    public var batchSize = 20

    public init() {}
}

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
