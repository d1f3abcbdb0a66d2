import Foundation
import NewsletterStore

/// An exclusive, non-blocking `flock` (released when the process ends, even by kill -9).
final class SendLock {
    private let fd: Int32

    init?(path: String) {
        let fd = open(path, O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else { return nil }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        self.fd = fd
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

/// The ISO 8601 week of a date, `2026-W48` (weeks start on Monday; week 1 holds a Thursday).
enum ISOWeek {
    static func string(_ date: Date) -> String {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        return String(format: "%04d-W%02d", c.yearForWeekOfYear ?? 1970, c.weekOfYear ?? 1)
    }
}

/// A one-line progress bar on stderr when it is a terminal; silent otherwise.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var lastDraw = Date.distantPast

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ counts: DeliveryCounts) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        guard Date().timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = Date()
        let done = counts.sent + counts.bounced + counts.failed + counts.unknown
        let total = done + counts.pending
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) sent \(counts.sent) bounced \(counts.bounced)".utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
