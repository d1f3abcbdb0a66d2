import Foundation
import NewsletterCore

/// A value computed at most once per `maxAge`: the overview's counts over a million rows
/// are worth a minute's staleness, not a second's wait on every page.
final class TimedCache<Value: Sendable>: @unchecked Sendable {
    let maxAge: TimeInterval
    private let lock = NSLock()
    private var stored: (value: Value, at: Date)?

    init(maxAge: TimeInterval) {
        self.maxAge = maxAge
    }

    /// The cached value while it is fresh (at `now`), else `compute`'s, kept.
    func value(now: Date, _ compute: () async throws -> Value) async rethrows -> (value: Value, at: Date) {
        if let cached = lock.withLock({ stored }), now.timeIntervalSince(cached.at) < maxAge, cached.at <= now { return cached }
        let fresh = (value: try await compute(), at: now)
        lock.withLock { stored = fresh }
        return fresh
    }

    /// The value while it is fresh, without computing one.
    func cached(now: Date) async -> (value: Value, at: Date)? {
        guard let cached = lock.withLock({ stored }), now.timeIntervalSince(cached.at) < maxAge else { return nil }
        return cached
    }

    /// Stores a value computed ahead of need.
    func set(_ value: Value, at: Date) { lock.withLock { stored = (value, at) } }

    /// Forgets the value (after a change the page must show at once).
    func clear() { lock.withLock { stored = nil } }
}

/// What the overview shows of the whole list, computed together.
struct ListFigures: Sendable {
    var counts: [SubscriberStatus: Int]
    var report: IssueReport
    /// Confirmed readers' topic choices and how many made each (`TopicColumn` keys).
    var topicChoices: [String: Int] = [:]
}
