import Foundation
import NewsletterCore
@testable import NewsletterHTTP
import TestProcesses
import Testing

/// Fetching against a real HTTP server on loopback (Tests/PythonHelpers/feed_server.py).
@Suite(.serialized) final class FeedFetchTests {
    let server: LocalServer
    let cache: URL
    let client = CurlHTTPClient()

    init() throws {
        server = try LocalServer(script: "feed_server.py")
        cache = FileManager.default.temporaryDirectory.appendingPathComponent("feed-cache-\(UUID().uuidString)")
    }

    deinit { try? FileManager.default.removeItem(at: cache) }

    func loader(timeout: Double = 10, maxBytes: Int = 20 * 1024 * 1024) -> FeedLoader {
        FeedLoader(client: client, cacheDirectory: cache, timeout: timeout, maxBytes: maxBytes)
    }

    func stats() async throws -> [String: Any] {
        let response = try await client.send(HTTPClientRequest(url: server.base + "/stats"))
        return try JSONSerialization.jsonObject(with: response.body) as! [String: Any]
    }

    @Test func conditionalGETAnswers304TheSecondTimeAcrossRuns() async throws {
        let first = try await loader().load(.url(server.base + "/feed.xml"))
        #expect(!first.notModified)
        // A new loader, as the next cron run would make, remembers the validators on disk.
        let second = try await loader().load(.url(server.base + "/feed.xml"))
        #expect(second.notModified)
        #expect(second.data == first.data)
        let counts = try await stats()["counts"] as! [String: Int]
        #expect(counts["200"] == 1 && counts["304"] == 1)
        let requests = try await stats()["requests"] as! [[String: Any]]
        let headers = requests.filter { $0["path"] as? String == "/feed.xml" }.last?["headers"] as? [String: String]
        #expect(headers?["If-None-Match"] == "\"feed-v1\"")
        #expect(headers?["If-Modified-Since"] == "Mon, 02 Nov 2026 10:00:00 GMT")
        let parsed = try FeedParser.parse(second.data, source: "x", url: second.url, contentType: second.contentType)
        #expect(parsed.feed.posts.first?.url == server.base + "/posts/first.html")
    }

    @Test func followsUpToFiveRedirectsAndResolvesAgainstTheFinalURL() async throws {
        let doc = try await loader().load(.url(server.base + "/redirect/4"))
        #expect(doc.url == server.base + "/feed.xml")
        await #expect(throws: HTTPClientError.tooManyRedirects(url: server.base + "/redirect/5", limit: 5)) {
            _ = try await self.loader().load(.url(self.server.base + "/redirect/5"))
        }
    }

    @Test func gzipBodiesAreDecoded() async throws {
        let doc = try await loader().load(.url(server.base + "/gzip.xml"))
        let parsed = try FeedParser.parse(doc.data, source: "gz")
        #expect(parsed.feed.title == "Local blog")
    }

    @Test func oversizedBodiesAreRefusedWithAClearError() async throws {
        for path in ["/big-declared", "/big-chunked"] {
            do {
                _ = try await loader(maxBytes: 1_048_576).load(.url(server.base + path))
                Issue.record("\(path) should be refused")
            } catch let error as HTTPClientError {
                #expect(error == .tooLarge(url: server.base + path, limit: 1_048_576))
                #expect(error.description == "The response from \(server.base + path) is larger than the limit of 1 MB.")
            }
        }
    }

    @Test func slowServersTimeOut() async throws {
        let started = Date()
        await #expect(throws: HTTPClientError.timedOut(url: server.base + "/slow", seconds: 1)) {
            _ = try await self.loader(timeout: 1).load(.url(self.server.base + "/slow"))
        }
        // The server answers after 30 s: well under that means the 1 s timeout fired (the
        // margin is for a loaded machine, where resuming the test itself can take seconds).
        #expect(Date().timeIntervalSince(started) < 15)
    }

    @Test func httpErrorsAndRefusedConnectionsNameTheURL() async throws {
        do {
            _ = try await loader().load(.url(server.base + "/status/404"))
            Issue.record("404 should fail")
        } catch {
            #expect(String(describing: error) == "The feed at \(server.base)/status/404 answered HTTP 404 (not found).")
        }
        do {
            _ = try await client.send(HTTPClientRequest(url: "http://127.0.0.1:9/feed", timeout: 3))
            Issue.record("port 9 should refuse")
        } catch let error as HTTPClientError {
            guard case .transport(let url, _, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(url == "http://127.0.0.1:9/feed")
        }
    }

    @Test func charsetFromTheContentTypeHeader() async throws {
        let doc = try await loader().load(.url(server.base + "/latin1.xml"))
        let parsed = try FeedParser.parse(doc.data, source: "l", url: doc.url, contentType: doc.contentType)
        #expect(parsed.feed.title == "Café")
    }

    @Test func onlyHTTPAndHTTPSAreFetched() async throws {
        await #expect(throws: HTTPClientError.unsupportedURL(url: "file:///etc/passwd")) {
            _ = try await self.client.send(HTTPClientRequest(url: "file:///etc/passwd"))
        }
    }

    @Test func filesAndTheSampleLoadWithoutTheNetwork() async throws {
        let sample = try await loader().load(.sample)
        #expect(try FeedParser.parse(sample.data, source: "s").feed.posts.count == 12)
        do {
            _ = try await loader().load(.file("/nonexistent/feed.xml"))
            Issue.record("missing file should fail")
        } catch {
            #expect(String(describing: error) == "The feed file /nonexistent/feed.xml cannot be read: no such file.")
        }
        // A file has the cap of a fetched feed: one byte past it is refused without reading it all.
        let big = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID().uuidString).xml")
        try Data(count: 1_048_577).write(to: big)
        defer { try? FileManager.default.removeItem(at: big) }
        await #expect(throws: FeedLoadError.self) { _ = try await self.loader(maxBytes: 1_048_576).load(.file(big.path)) }
        do {
            _ = try await loader(maxBytes: 1_048_576).load(.file(big.path))
        } catch {
            #expect(String(describing: error) == "The feed file \(big.path) is larger than the limit of 1 MB.")
        }
        #expect(try await loader(maxBytes: 1_048_577).load(.file(big.path)).data.count == 1_048_577)
        do {
            _ = try await loader().load(.file(FileManager.default.temporaryDirectory.path))
            Issue.record("a folder should fail")
        } catch {
            #expect(String(describing: error) == "The feed file \(FileManager.default.temporaryDirectory.path) cannot be read: it is a folder.")
        }
        #expect(FeedSource("https://b.example/feed") == .url("https://b.example/feed"))
        #expect(FeedSource("feed.xml") == .file("feed.xml"))
    }
}
