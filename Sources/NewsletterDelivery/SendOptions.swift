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
    public var batchSize = 100
    /// The same on a store several workers share: a worker killed mid-batch leaves the
    /// copies it started unrecorded (another machine cannot read its journal), so batches
    /// stay small there.
    public var sharedBatchSize = 20
    /// Asked before each copy: true once the process was told to stop (SIGTERM). The copy
    /// under way finishes and is recorded; nothing more is claimed or started.
    public var stopRequested: @Sendable () -> Bool = { false }

    public init() {}
}
