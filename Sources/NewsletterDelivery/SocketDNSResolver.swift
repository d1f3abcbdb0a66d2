import Dispatch
import Foundation
import NewsletterCore
#if canImport(Glibc)
import Glibc
#endif

/// Asks a DNS server over UDP, and over TCP when the answer is truncated (RFC 1035 §4.2,
/// RFC 7766), with a timeout per try; the servers are tried in order.
public struct SocketDNSResolver: DNSResolver {
    public struct Server: Sendable, Equatable, CustomStringConvertible {
        public var host: String
        public var port: UInt16

        public init(host: String, port: UInt16 = 53) {
            self.host = host
            self.port = port
        }

        /// `host`, `host:port`, `[v6]` or `[v6]:port`; nil when it is none of these.
        public init?(_ text: String) {
            var host = text
            var port: UInt16 = 53
            if text.hasPrefix("[") {
                guard let close = text.firstIndex(of: "]") else { return nil }
                host = String(text[text.index(after: text.startIndex)..<close])
                let rest = text[text.index(after: close)...]
                if !rest.isEmpty {
                    guard rest.hasPrefix(":"), let p = UInt16(rest.dropFirst()) else { return nil }
                    port = p
                }
            } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
                host = String(text[..<colon])
                guard let p = UInt16(text[text.index(after: colon)...]) else { return nil }
                port = p
            }
            guard !host.isEmpty, port > 0, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:%_".contains($0)) }) else { return nil }
            self.init(host: host, port: port)
        }

        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    public let servers: [Server]
    public let timeout: Double

    public init(servers: [Server], timeout: Double = 5) {
        self.servers = servers
        self.timeout = timeout
    }

    /// The `nameserver` lines of resolv.conf (resolv.conf(5)).
    public static func systemServers(resolvConf: String = "/etc/resolv.conf") -> [Server] {
        guard let text = try? String(contentsOfFile: resolvConf, encoding: .utf8) else { return [] }
        return text.split(whereSeparator: \.isNewline).compactMap { line in
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 2, words[0] == "nameserver" else { return nil }
            // A scoped IPv6 address (fe80::1%eth0) keeps its scope for getaddrinfo.
            return Server(host: String(words[1]))
        }
    }

    public var serverDescription: String {
        servers.map(\.description).joined(separator: ", ")
    }

    public func lookup(_ name: String, _ type: DNSRecordType) async throws -> [DNSRecord] {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try self.lookupNow(name, type) })
            }
        }
    }

    public func exists(_ name: String) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try self.answer(name, .a) != nil })
            }
        }
    }

    func lookupNow(_ name: String, _ type: DNSRecordType) throws -> [DNSRecord] {
        guard let answer = try answer(name, type) else { return [] }
        return answer.records.compactMap { record in
            guard record.type == type.rawValue else { return nil }
            return record.data
        }
    }

    /// The server's answer to one question; nil for NXDOMAIN.
    func answer(_ name: String, _ type: DNSRecordType) throws -> DNSMessage.Response? {
        guard !servers.isEmpty else { throw DNSError("No DNS server is configured (/etc/resolv.conf names none).", unreachable: true) }
        let query: [UInt8]
        do {
            query = try DNSMessage.query(id: UInt16.random(in: 1...UInt16.max), name: name, type: type)
        } catch let error as DNSMessage.FormatError {
            throw DNSError(error.description)
        }
        let id = UInt16(query[0]) << 8 | UInt16(query[1])
        var failures: [String] = []
        for server in servers {
            do {
                var answer = try exchange(query, id: id, with: server, tcp: false)
                if answer.truncated { answer = try exchange(query, id: id, with: server, tcp: true) }
                switch answer.rcode {
                case 0:
                    return answer
                case 3:
                    return nil
                default:
                    throw DNSError("The DNS server \(server) answered \(DNSMessage.rcodeName(answer.rcode)) for \(type) \(name).")
                }
            } catch let error as DNSError where error.unreachable {
                failures.append(error.description)
            }
        }
        throw DNSError(failures.count == 1 ? failures[0] : "No DNS server answered \(type) \(name): " + failures.joined(separator: " "), unreachable: true)
    }

    /// One question and its answer over one socket.
    private func exchange(_ query: [UInt8], id: UInt16, with server: Server, tcp: Bool) throws -> DNSMessage.Response {
        var hints = addrinfo()
        hints.ai_socktype = Int32(tcp ? SOCK_STREAM.rawValue : SOCK_DGRAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(server.host, String(server.port), &hints, &list) == 0, let info = list else {
            throw DNSError("The DNS server \(server) is not an address that can be reached.", unreachable: true)
        }
        defer { freeaddrinfo(list) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { throw DNSError("A socket for the DNS server \(server) cannot be opened.", unreachable: true) }
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let noAnswer = DNSError("The DNS server \(server) did not answer within \(Self.seconds(timeout)) (\(tcp ? "TCP" : "UDP")).", unreachable: true)
        guard connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            throw tcp ? DNSError("The DNS server \(server) refused a TCP connection.", unreachable: true) : noAnswer
        }
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeout * 1e9)
        if tcp {
            let framed = [UInt8(query.count >> 8), UInt8(query.count & 0xFF)] + query
            guard framed.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == framed.count else { throw noAnswer }
            let head = try readExactly(fd, 2, error: noAnswer)
            let body = try readExactly(fd, Int(head[0]) << 8 | Int(head[1]), error: noAnswer)
            return try check(body, id: id, server: server)
        }
        guard query.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == query.count else { throw noAnswer }
        var buffer = [UInt8](repeating: 0, count: 65_535)
        // Stray datagrams (another id) are skipped until the deadline.
        while DispatchTime.now().uptimeNanoseconds < deadline {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == ECONNREFUSED { throw DNSError("Nothing answers DNS at \(server) (connection refused).", unreachable: true) }
                throw noAnswer
            }
            let reply = Array(buffer[0..<n])
            if reply.count >= 2, UInt16(reply[0]) << 8 | UInt16(reply[1]) == id { return try check(reply, id: id, server: server) }
        }
        throw noAnswer
    }

    private func check(_ bytes: [UInt8], id: UInt16, server: Server) throws -> DNSMessage.Response {
        do {
            let response = try DNSMessage.parse(bytes)
            guard response.id == id else { throw DNSError("The DNS server \(server) answered another question.") }
            return response
        } catch let error as DNSMessage.FormatError {
            throw DNSError("The DNS server \(server) sent an answer that cannot be read: \(error.description).")
        }
    }

    private func readExactly(_ fd: Int32, _ count: Int, error: DNSError) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = out.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + got, count - got, 0) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw error }
            got += n
        }
        return out
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
