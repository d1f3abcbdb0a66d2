import Logging

/// Starts swift-log once, on stderr, at the level of `--log-level` (default warning).
enum LoggingSetup {
    nonisolated(unsafe) private static var done = false

    static func bootstrap(level: String?) {
        guard !done else { return }
        done = true
        let logLevel = level.flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
    }
}
