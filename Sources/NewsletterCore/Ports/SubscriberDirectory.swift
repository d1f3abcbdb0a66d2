import Foundation

/// Reading the list: one person, their consent log, pages of the list and its counts.
public protocol SubscriberDirectory: Sendable {
    /// The subscriber with this address (normalised first), if any.
    func subscriber(_ email: String) async throws -> Subscriber?
    /// The subscriber with this id (a VERP tag's), if any.
    func subscriber(id: Int64) async throws -> Subscriber?
    /// The consent log of one subscriber, oldest first.
    func events(of subscriber: Subscriber) async throws -> [ConsentEvent]
    /// Up to `limit` subscribers after `afterID` in id order, optionally of one status: the
    /// way to walk the list without holding it in memory.
    func page(status: SubscriberStatus?, afterID: Int64, limit: Int) async throws -> [Subscriber]
    /// How many subscribers have each status.
    func counts() async throws -> [SubscriberStatus: Int]
}

extension SubscriberDirectory {
    /// Calls `body` for every subscriber (of `status`), in pages of `batchSize`.
    public func forEach(status: SubscriberStatus? = nil, batchSize: Int = 1000, _ body: (Subscriber) throws -> Void) async throws {
        var after: Int64 = 0
        while true {
            let batch = try await page(status: status, afterID: after, limit: batchSize)
            for s in batch { try body(s) }
            guard let last = batch.last, batch.count == batchSize else { return }
            after = last.id
        }
    }
}
