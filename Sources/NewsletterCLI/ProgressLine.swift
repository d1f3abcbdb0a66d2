import Foundation
import NewsletterCore

/// A one-line progress bar on stderr when it is a terminal; silent otherwise.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let write: @Sendable (String) -> Void
    private let started = Date()
    private let lock = NSLock()
    private var lastDraw = Date.distantPast

    init(enabled: Bool, write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.enabled = enabled
        self.write = write
    }

    func show(_ counts: DeliveryCounts) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        guard Date().timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = Date()
        write("\r" + Self.line(counts, elapsed: Date().timeIntervalSince(started)) + "\u{1B}[K")
    }

    /// A line of free text (`subscriber: 4000 of 10000`), at most five times a second.
    func note(_ text: String) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        guard Date().timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = Date()
        write("\r" + text + "\u{1B}[K")
    }

    /// `[#########.....................]  3120/10000  31%  sent 3100  bounced 20  2480/s  ETA 0:03`
    static func line(_ counts: DeliveryCounts, elapsed: Double) -> String {
        let done = counts.sent + counts.bounced + counts.failed + counts.unknown
        let total = done + counts.pending
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let percent = total == 0 ? 100 : 100 * done / total
        var line = "[\(bar)] \(done)/\(total) \(percent)% sent \(counts.sent) bounced \(counts.bounced)"
        if counts.failed > 0 { line += " failed \(counts.failed)" }
        if elapsed > 0.5, done > 0 {
            let rate = Double(done) / elapsed
            let left = Int((Double(total - done) / rate).rounded())
            line += String(format: " %.0f/s ETA %d:%02d", rate, left / 60, left % 60)
        }
        return line
    }

    func finish() {
        if enabled { write("\n") }
    }
}
