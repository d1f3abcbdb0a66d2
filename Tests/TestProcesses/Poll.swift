import Foundation

/// Waiting in tests without guessing a duration: check a condition until it holds or a
/// deadline passes.
public enum Poll {
    /// Checks `condition` every 10 ms for up to `seconds`; returns whether it came true.
    @discardableResult
    public static func until(seconds: Double = 30, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if try condition() { return true }
            if Date() > deadline { return false }
            usleep(10_000)
        }
    }

    /// Waits for a process to end (Foundation's `waitUntilExit` spins a run loop that a test
    /// thread never runs); false when it is still running after `seconds`.
    @discardableResult
    public static func exit(of process: Process, seconds: Double = 120) -> Bool {
        until(seconds: seconds) { !process.isRunning }
    }

    /// Whether another process holds an exclusive `flock(2)` on `path`.
    public static func isLocked(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return true }
        flock(fd, LOCK_UN)
        return false
    }
}
