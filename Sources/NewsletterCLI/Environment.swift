import Foundation
import Logging
import NewsletterCore
import NewsletterHTTP

/// The composition root: settings resolved from flags, the environment, the config file and
/// defaults (in that order), and the real adapters built from them.
struct Environment {
    let variables: [String: String]
    let configFile: ConfigFile
    let logger: Logger
    let now: Date

    /// Reads the environment and the config file named by `--config`, `NEWSLETTER_CONFIG`,
    /// or `./newsletter.toml` when it exists.
    static func load(_ options: GlobalOptions, variables: [String: String] = ProcessInfo.processInfo.environment) throws -> Environment {
        LoggingSetup.bootstrap(level: options.logLevel ?? variables["NEWSLETTER_LOG_LEVEL"])
        var config = ConfigFile()
        let explicitPath = options.config ?? variables["NEWSLETTER_CONFIG"]
        let path = explicitPath ?? "newsletter.toml"
        if explicitPath != nil || FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError("The config file \(path) cannot be read.")
            }
            config = try ConfigFile.parse(String(decoding: data, as: UTF8.self), path: path)
        }
        var now = Date()
        if let fixed = variables["NEWSLETTER_NOW"] {
            guard let parsed = FeedDate.parseISO8601(fixed) else {
                throw CLIError("NEWSLETTER_NOW must be an RFC 3339 timestamp such as 2026-11-20T09:30:00Z, not '\(fixed)'.")
            }
            now = parsed
        }
        return Environment(variables: variables, configFile: config, logger: Logger(label: "newsletter"), now: now)
    }

    /// A setting: the environment variable, else the config file key, else nil.
    func setting(_ variable: String, config key: String) -> String? {
        if let v = variables[variable], !v.isEmpty { return v }
        return configFile[key]
    }

    var databasePath: String { setting("NEWSLETTER_DB", config: "db") ?? "Subscribers/newsletter.sqlite" }

    func feedSource(flag: String?) -> FeedSource {
        (flag ?? setting("NEWSLETTER_FEED", config: "feed")).map(FeedSource.init) ?? .sample
    }

    /// Feed validators and bodies are kept beside the store.
    var feedCacheDirectory: URL {
        URL(fileURLWithPath: databasePath).deletingLastPathComponent().appendingPathComponent("feed-cache", isDirectory: true)
    }

    func feedLoader() -> FeedLoader {
        let timeout = setting("NEWSLETTER_FEED_TIMEOUT", config: "feed_timeout").flatMap(Double.init) ?? 30
        let client = CurlHTTPClient(userAgent: "newsletter/0.1 (+https://github.com/newsletter)", logger: Logger(label: "newsletter.http"))
        return FeedLoader(client: client, cacheDirectory: feedCacheDirectory, timeout: timeout)
    }

    /// Loads and parses the feed, printing diagnostics as warnings on stderr.
    func readFeed(flag: String?, console: Console) async throws -> Feed {
        let source = feedSource(flag: flag)
        let document = try await feedLoader().load(source)
        let result = try FeedParser.parse(document.data, source: source.description, url: document.url, contentType: document.contentType)
        console.warnings(result.diagnostics.map(\.description), about: source.description)
        return result.feed
    }
}

/// A failure a command reports as one sentence.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

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
