import Foundation

/// At most `limit` requests per client address in a sliding `window` of seconds.
final class ClientLimiter: @unchecked Sendable {
    let limit: Int
    let window: Double
    private var hits: [String: [Date]] = [:]
    private let lock = NSLock()

    init(limit: Int, window: Double) {
        self.limit = limit
        self.window = window
    }

    func allow(_ client: String, now: Date) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if hits.count > 10_000 { hits = hits.filter { $0.value.contains { now.timeIntervalSince($0) < window } } }
        var recent = (hits[client] ?? []).filter { now.timeIntervalSince($0) < window }
        guard recent.count < limit else {
            hits[client] = recent
            return false
        }
        recent.append(now)
        hits[client] = recent
        return true
    }
}
