import Foundation

/// A shared pace: at most `perSecond` messages a second and `perHour` in any hour-long
/// window that starts with its first message.
final class RateLimiter: @unchecked Sendable {
    private let interval: Double?
    private let perHour: Int?
    private let clock: @Sendable () -> Double
    private let sleep: @Sendable (Double) -> Void
    private var next: Double?
    private var hourStart: Double?
    private var hourCount = 0
    private let lock = NSLock()

    init(perSecond: Double?, perHour: Int?, clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
         sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        interval = perSecond.flatMap { $0 > 0 ? 1 / $0 : nil }
        self.perHour = perHour.flatMap { $0 > 0 ? $0 : nil }
        self.clock = clock
        self.sleep = sleep
    }

    /// Returns when the caller may send its next message (a blocking wait, for tests).
    func wait() {
        let delay = reserve()
        if delay > 0 { sleep(delay) }
    }

    /// Takes the next slot and returns how many seconds the caller must wait for it.
    func reserve() -> Double {
        guard interval != nil || perHour != nil else { return 0 }
        lock.lock()
        let now = clock()
        var start = now
        if let perHour {
            if hourStart == nil || now - hourStart! >= 3600 { hourStart = now; hourCount = 0 }
            if hourCount >= perHour {
                start = hourStart! + 3600
                hourStart = start
                hourCount = 0
            }
            hourCount += 1
        }
        if let interval {
            start = max(next ?? start, start)
            next = start + interval
        }
        lock.unlock()
        return max(0, start - now)
    }
}
