import Foundation
import NewsletterCore
import Testing

/// The shared corpus of real feeds, beside the repository (`../shared/corpus`). Tests that
/// need it skip when it is absent, except under CI, where its absence is a failure.
enum Corpus {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let root: URL = {
        if let explicit = ProcessInfo.processInfo.environment["NEWSLETTER_CORPUS"] { return URL(fileURLWithPath: explicit) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }()

    static var isPresent: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("INDEX.md").path) }

    /// Run corpus tests when the corpus is there, and always under CI.
    static var shouldRun: Bool { isPresent || ProcessInfo.processInfo.environment["CI"] != nil }

    static func data(_ path: String) throws -> Data {
        let url = root.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CorpusMissing(path: url.path)
        }
        return data
    }

    static func parse(_ path: String, url: String? = nil, contentType: String? = nil) throws -> FeedParseResult {
        try FeedParser.parse(data(path), source: path, url: url, contentType: contentType)
    }

    struct CorpusMissing: Error, CustomStringConvertible {
        let path: String
        var description: String { "The corpus file \(path) is missing (set NEWSLETTER_CORPUS or check out ../shared)." }
    }
}

/// A UTC instant from its fields, for expectations.
func utc(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> Date {
    var c = DateComponents()
    (c.year, c.month, c.day, c.hour, c.minute, c.second) = (y, mo, d, h, mi, s)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(from: c)!
}
