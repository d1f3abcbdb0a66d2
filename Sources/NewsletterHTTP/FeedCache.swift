import Foundation
import Logging
import NewsletterCore

/// One cached feed: validators in a JSON file, the body beside it.
struct FeedCache {
    struct Entry: Codable {
        var etag: String?
        var lastModified: String?
        var contentType: String?
        var finalURL: String
    }

    let directory: URL
    let key: String

    init(directory: URL, url: String) {
        self.directory = directory
        self.key = StableHash.fnv1a64(url)
    }

    private var metaURL: URL { directory.appendingPathComponent(key + ".json") }
    private var bodyURL: URL { directory.appendingPathComponent(key + ".body") }

    func read() -> Entry? {
        guard let data = try? Data(contentsOf: metaURL) else { return nil }
        return try? JSONDecoder().decode(Entry.self, from: data)
    }

    func body() -> Data? { try? Data(contentsOf: bodyURL) }

    func write(_ entry: Entry, body: Data) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try body.write(to: bodyURL, options: .atomic)
        try JSONEncoder().encode(entry).write(to: metaURL, options: .atomic)
    }
}
