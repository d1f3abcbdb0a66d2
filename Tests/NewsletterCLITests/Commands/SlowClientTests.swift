import Foundation
import NewsletterCore
import TestProcesses
import Testing

/// Issue 29: `serve` sheds idle and slow clients and caps its connections, so a few hundred
/// sockets held open cannot starve `/healthz`; 429 answers say when to come back; wrong
/// admin tokens are throttled per client.
@Suite(.enabled(if: BuiltBinary.available, "build the newsletter executable first"))
struct SlowClientTests {
    /// A TCP connection to the server, as a bare descriptor.
    static func connect(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard ok == 0 else { close(fd); throw NSError(domain: "connect", code: Int(errno)) }
        return fd
    }

    static func send(_ fd: Int32, _ text: String) {
        _ = text.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }

    /// Whether the server closed the connection within `seconds` (what was sent back before
    /// the close is read and dropped).
    static func closedByServer(_ fd: Int32, within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, Int32(max(1, deadline.timeIntervalSinceNow * 1000)))
            if ready <= 0 { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return true }
        }
        return false
    }

    @Test func idleHalfSentAndKeptAliveConnectionsAreClosed() async throws {
        let server = try ServeProcess(extra: ["NEWSLETTER_SERVE_IDLE_TIMEOUT": "2"])
        defer { _ = server.stop() }
        let silent = try Self.connect(server.port)
        let half = try Self.connect(server.port)
        Self.send(half, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        let kept = try Self.connect(server.port)
        Self.send(kept, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        defer { for fd in [silent, half, kept] { close(fd) } }
        let closed = try await offPool { [silent, half, kept].map { Self.closedByServer($0, within: 8) } }
        for (name, shut) in zip(["an idle connection", "a half-sent header", "an idle keep-alive"], closed) {
            #expect(shut, "\(name) is still open")
        }
    }

    @Test func aCapOnConnectionsKeepsHealthzAnswering() async throws {
        let server = try ServeProcess(extra: ["NEWSLETTER_SERVE_MAX_CONNECTIONS": "40", "NEWSLETTER_SERVE_IDLE_TIMEOUT": "900"])
        defer { _ = server.stop() }
        // 30 idle connections held open: the server still answers.
        var held: [Int32] = []
        defer { for fd in held { close(fd) } }
        for _ in 0..<30 { held.append(try Self.connect(server.port)) }
        let health = try await server.get("/healthz")
        #expect(health.status == 200)
        // Past the cap, new connections are closed as they arrive instead of waiting for a
        // slot: of 15 more, at least the 5 beyond 40 (the health check's may still be open).
        var extra: [Int32] = []
        for _ in 0..<15 { extra.append(try Self.connect(server.port)) }
        held += extra
        let first = Array(held.prefix(30)), late = extra
        let (closed, firstOpen) = try await offPool { () -> (Set<Int32>, Int) in
            let deadline = Date().addingTimeInterval(30)
            var closed = Set<Int32>()
            while closed.count < 5, Date() < deadline {
                for fd in late where !closed.contains(fd) && Self.closedByServer(fd, within: 0.05) { closed.insert(fd) }
            }
            return (closed, first.filter { !Self.closedByServer($0, within: 0.01) }.count)
        }
        let alive = (try? await server.get("/healthz").status) ?? -1
        #expect(closed.count >= 5, "\(closed.count) of 15 connections past the cap were closed; \(firstOpen) of the first 30 open; healthz \(alive); serve's log: \(server.log.suffix(3000))")
        // Once the idle ones go, everyone is served again.
        for fd in held { close(fd) }
        held = []
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(try await server.get("/healthz").status == 200)
    }

    @Test func refusalsSayWhenToComeBackAndWrongAdminTokensAreThrottled() async throws {
        let server = try ServeProcess(extra: ["NEWSLETTER_SUBSCRIBE_LIMIT": "1", "NEWSLETTER_ADMIN_TOKEN": "the-right-admin-token-0123456789abcdef"])
        defer { _ = server.stop() }
        #expect(try await server.post("/subscribe", body: "email=a%40example.com").status == 200)
        let refused = try await server.post("/subscribe", body: "email=b%40example.com")
        #expect(refused.status == 429)
        #expect(refused.headers.first { $0.name.lowercased() == "retry-after" }?.value == "600")
        func admin(_ token: String) async throws -> HTTPClientResponse {
            try await server.client.send(HTTPClientRequest(url: server.base + "/admin/report", headers: [("Authorization", "Bearer " + token)], maxRedirects: 0))
        }
        #expect(try await admin("the-right-admin-token-0123456789abcdef").status == 200)
        for i in 0..<10 { #expect(try await admin("guess-\(i)").status == 401) }
        // Ten wrong guesses: every attempt now waits, the right token too.
        let throttled = try await admin("the-right-admin-token-0123456789abcdef")
        #expect(throttled.status == 429)
        let wait = Int(throttled.headers.first { $0.name.lowercased() == "retry-after" }?.value ?? "") ?? 0
        #expect(wait > 0 && wait <= 600)
    }
}
