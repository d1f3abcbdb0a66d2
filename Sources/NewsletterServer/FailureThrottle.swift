import Foundation

/// Counts a client's failed attempts (wrong admin tokens) in a sliding window, in memory:
/// past `limit` of them every attempt is refused until the oldest falls out of the window,
/// the right token included, so guessing gains nothing by trying faster.
final class FailureThrottle: @unchecked Sendable {
    let limit: Int
    let window: TimeInterval
    private let lock = NSLock()
    private var failures: [String: [Date]] = [:]

    init(limit: Int = 10, window: TimeInterval = 600) {
        self.limit = limit
        self.window = window
    }

    /// Seconds until `client` may try again, or nil when it may now.
    func retryAfter(_ client: String, now: Date) -> Int? {
        lock.withLock {
            let recent = (failures[client] ?? []).filter { now.timeIntervalSince($0) < window }
            failures[client] = recent.isEmpty ? nil : recent
            guard recent.count >= limit, let oldest = recent.first else { return nil }
            return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
        }
    }

    func fail(_ client: String, now: Date) {
        lock.withLock {
            if failures.count > 10_000 { failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < window } } }
            failures[client, default: []].append(now)
        }
    }
}
