import Foundation
import Logging

/// Starts swift-log once, on stderr, at the level of `--log-level` (default warning).
enum LoggingSetup {
    /// swift-log takes one bootstrap per process; later calls keep the first level.
    private static let started = Started()

    private final class Started: @unchecked Sendable {
        let lock = NSLock()
        var done = false
    }

    static func bootstrap(level: String?) {
        started.lock.lock()
        defer { started.lock.unlock() }
        guard !started.done else { return }
        started.done = true
        let logLevel = level.flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
    }
}
