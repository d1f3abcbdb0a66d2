import Foundation
import Logging
import NewsletterCore

/// Loads feed documents, fetching over HTTP with conditional GET (RFC 9110 §13.1): the
/// `ETag` and `Last-Modified` of each URL and its last body are kept in `cacheDirectory`,
/// so an unchanged feed costs one 304.
public struct FeedLoader: Sendable {
    public var client: any HTTPClient
    public var cacheDirectory: URL?
    public var timeout: Double
    public var maxBytes: Int
    /// The moment the bundled sample blog is read at (its dates move on with the clock).
    public var now: Date

    public init(client: any HTTPClient, cacheDirectory: URL?, timeout: Double = 30, maxBytes: Int = 20 * 1024 * 1024, now: Date = Date()) {
        self.client = client
        self.cacheDirectory = cacheDirectory
        self.timeout = timeout
        self.maxBytes = maxBytes
        self.now = now
    }

    public func load(_ source: FeedSource) async throws -> FeedDocument {
        switch source {
        case .sample:
            return FeedDocument(data: Data(SampleBlog.liveFeedXML(at: now).utf8), url: SampleBlog.feedURL, contentType: "application/rss+xml", notModified: false)
        case .file(let path):
            // The same cap as a fetched feed: read one byte past it, never the whole of a huge file.
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw FeedLoadError.unreadableFile(path: path, reason: "no such file")
            }
            guard !isDirectory.boolValue, let handle = FileHandle(forReadingAtPath: path) else {
                throw FeedLoadError.unreadableFile(path: path, reason: isDirectory.boolValue ? "it is a folder" : "permission denied or not a regular file")
            }
            defer { try? handle.close() }
            let data: Data
            do {
                data = try handle.read(upToCount: maxBytes + 1) ?? Data()
            } catch {
                throw FeedLoadError.unreadableFile(path: path, reason: "permission denied or not a regular file")
            }
            guard data.count <= maxBytes else { throw FeedLoadError.fileTooLarge(path: path, limit: maxBytes) }
            return FeedDocument(data: data, url: nil, contentType: nil, notModified: false)
        case .url(let url):
            return try await fetch(url)
        }
    }

    private func fetch(_ url: String) async throws -> FeedDocument {
        let cache = cacheDirectory.map { FeedCache(directory: $0, url: url) }
        let cached = cache?.read()
        var headers: [(name: String, value: String)] = [
            ("Accept", "application/feed+json, application/atom+xml, application/rss+xml, application/rdf+xml, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"),
        ]
        if let cached {
            if let etag = cached.etag { headers.append(("If-None-Match", etag)) }
            if let modified = cached.lastModified { headers.append(("If-Modified-Since", modified)) }
        }
        let response = try await client.send(HTTPClientRequest(url: url, headers: headers, timeout: timeout, maxBodyBytes: maxBytes))
        if response.status == 304, let cached, let body = cache?.body() {
            return FeedDocument(data: body, url: cached.finalURL, contentType: cached.contentType, notModified: true)
        }
        guard (200..<300).contains(response.status) else {
            throw FeedLoadError.httpStatus(url: url, status: response.status)
        }
        let base = response.header("Content-Location").map { URLResolver.resolve($0, against: response.url) } ?? response.url
        let entry = FeedCache.Entry(etag: response.header("ETag"), lastModified: response.header("Last-Modified"),
                                    contentType: response.header("Content-Type"), finalURL: base)
        try? cache?.write(entry, body: response.body)
        return FeedDocument(data: response.body, url: base, contentType: entry.contentType, notModified: false)
    }
}
