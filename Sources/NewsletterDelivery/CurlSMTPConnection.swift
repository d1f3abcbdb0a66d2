import CCurl
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NewsletterCore

/// One SMTP connection. libcurl opens the session (TCP, implicit TLS or STARTTLS, EHLO and
/// AUTH, with `CURLOPT_CONNECT_ONLY`); the mail transactions then go over it through
/// `curl_easy_send` / `curl_easy_recv`, so that MAIL, RCPT and DATA travel together when the
/// server offers PIPELINING (RFC 2920) and the data is dot-stuffed in one pass. The session is
/// kept from message to message: a refused transaction is reset (RSET) and the next one goes on
/// the same session; a timeout, a dropped connection or a 421 closes it and the next message
/// reconnects. Not thread-safe: one connection per sending thread.
public final class CurlSMTPConnection {
    private let settings: SMTPSettings
    private var session: Session?
    /// Bytes received and not yet read as replies, from `inputStart` on.
    private var input: [UInt8] = []
    private var inputStart = 0
    /// The dot-stuffed data of the message being sent, kept for its capacity.
    private var output: [UInt8] = []
    private let chunk = UnsafeMutableRawPointer.allocate(byteCount: CurlSMTPConnection.chunkSize, alignment: 16)
    private static let chunkSize = 16384
    /// A reply longer than this without its last line is not SMTP.
    private static let longestReply = 65536

    public init(settings: SMTPSettings) throws {
        CurlSMTPGlobal.ensureInitialised()
        self.settings = settings
    }

    deinit {
        session = nil
        chunk.deallocate()
    }

    /// Whether the open session sends a message's commands in one go (the server offers
    /// PIPELINING); false while no session is open.
    public var isPipelining: Bool { session?.pipelining ?? false }

    /// Sends one message; throws `SMTPError` with the server's reply when it is not accepted.
    /// - Returns: the final reply line (e.g. `250 2.0.0 Ok: queued as …`).
    @discardableResult
    public func send(_ message: OutgoingMessage) throws -> String {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0.001, settings.timeout) * 1e9)
        for address in [message.sender] + message.recipients where address.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) {
            throw SMTPError.permanent(code: 0, reply: "the address \(address.debugDescription) holds a line break and cannot be given to the SMTP server")
        }
        if let open = session, !isStillOpen(open) { close(broken: true) }
        if session == nil { session = try connect() }
        let open = session!
        do {
            return try transact(message, on: open, deadline: deadline)
        } catch let refusal as Refusal {
            // The server answered: the session is in step with it unless it is closing.
            if refusal.closes || refusal.code == 421 { close(broken: true) } else { reset(open, deadline: deadline) }
            throw refusal.error
        } catch {
            close(broken: true)
            throw error
        }
    }

    // MARK: - The session

    /// What libcurl opened: the handle (kept until the end, libcurl says QUIT through it), its
    /// socket and what the server said it supports.
    private final class Session {
        let handle: UnsafeMutableRawPointer
        let socket: curl_socket_t
        let pipelining: Bool
        let smtpUTF8: Bool
        let size: Bool
        let lines: ReplyLines
        let errorBuffer: UnsafeMutablePointer<CChar>
        /// Set when the connection is out of step or gone: no QUIT is said on it.
        var broken = false

        init(handle: UnsafeMutableRawPointer, socket: curl_socket_t, lines: ReplyLines, errorBuffer: UnsafeMutablePointer<CChar>) {
            self.handle = handle
            self.socket = socket
            self.lines = lines
            self.errorBuffer = errorBuffer
            let offered = Self.extensions(in: lines.all)
            pipelining = offered.contains("PIPELINING")
            smtpUTF8 = offered.contains("SMTPUTF8")
            size = offered.contains("SIZE")
        }

        deinit {
            // libcurl says QUIT and waits for its reply on cleanup; a broken connection is shut
            // first so that it does not wait.
            if broken { _ = Glibc.shutdown(socket, Int32(SHUT_RDWR)) }
            curl_easy_cleanup(handle)
            errorBuffer.deallocate()
        }

        /// The EHLO keywords of the last greeting's session (after STARTTLS, the second EHLO).
        static func extensions(in lines: [String]) -> Set<String> {
            var offered: Set<String> = []
            for line in lines {
                if line.hasPrefix("220") { offered.removeAll() }
                guard line.hasPrefix("250-") || line.hasPrefix("250 ") else { continue }
                let keyword = line.utf8.dropFirst(4).prefix { $0 != 32 && $0 != 13 && $0 != 10 }
                offered.insert(String(decoding: keyword, as: UTF8.self).uppercased())
            }
            return offered
        }
    }

    private func connect() throws -> Session {
        guard let handle = curl_easy_init() else { throw SMTPError.configuration("libcurl could not create a handle.") }
        let lines = ReplyLines()
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer[0] = 0
        var url = settings.url
        if let ehlo = settings.ehloName {
            // libcurl sends the URL path as the EHLO name: smtp://host:port/name.
            url = url.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/" + ehlo
        }
        _ = nl_curl_setopt_string(handle, CURLOPT_URL, url)
        _ = nl_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = nl_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = nl_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        let useSSL: curl_usessl = switch settings.tls {
        case .require: CURLUSESSL_ALL
        case .try: CURLUSESSL_TRY
        case .off: CURLUSESSL_NONE
        }
        _ = nl_curl_setopt_long(handle, CURLOPT_USE_SSL, Int(useSSL.rawValue))
        if let ca = settings.caFile { _ = nl_curl_setopt_string(handle, CURLOPT_CAINFO, ca) }
        if let user = settings.username { _ = nl_curl_setopt_string(handle, CURLOPT_USERNAME, user) }
        if let password = settings.password { _ = nl_curl_setopt_string(handle, CURLOPT_PASSWORD, password) }
        _ = nl_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(settings.timeout * 1000))
        _ = nl_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(min(settings.timeout, 20) * 1000))
        // Bounds the wait for a reply, QUIT's at cleanup included.
        _ = nl_curl_setopt_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, Int(max(1, min(settings.timeout, 30)).rounded(.up)))
        _ = nl_curl_setopt_long(handle, CURLOPT_CONNECT_ONLY, 1)
        _ = nl_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, smtpHeader)
        _ = nl_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, Unmanaged.passUnretained(lines).toOpaque())
        let code = curl_easy_perform(handle)
        var socket: curl_socket_t = -1
        if code == CURLE_OK, nl_curl_getinfo_socket(handle, CURLINFO_ACTIVESOCKET, &socket) == CURLE_OK, socket >= 0 {
            return Session(handle: handle, socket: socket, lines: lines, errorBuffer: errorBuffer)
        }
        var reply = 0
        _ = nl_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &reply)
        let detail = String(cString: errorBuffer)
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
        // The reply that counts is the last one carrying the code libcurl reports.
        let prefix = String(reply)
        let lastLine = trimmed(lines.all.last { $0.hasPrefix(prefix) } ?? lines.all.last ?? "")
        let text = lastLine.isEmpty ? (detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail) : lastLine
        // Nothing said while connecting is about the recipient: a refusal is the settings'.
        if code == CURLE_LOGIN_DENIED || code == CURLE_USE_SSL_FAILED || code == CURLE_PEER_FAILED_VERIFICATION || (500..<600).contains(reply) {
            throw SMTPError.configuration("The SMTP server \(settings.url) refused the connection: \(text) (curl error \(code.rawValue)).")
        }
        if (400..<500).contains(reply) { throw SMTPError.transient(code: reply, reply: text) }
        throw SMTPError.transient(code: 0, reply: "\(text) (curl error \(code.rawValue))")
    }

    /// Ends the session; a broken one is shut without QUIT.
    private func close(broken: Bool) {
        if broken { session?.broken = true }
        session = nil
        input.removeAll(keepingCapacity: true)
        inputStart = 0
    }

    /// An idle session the server has not closed, nor spoken on (a 421 on its idle timeout).
    private func isStillOpen(_ open: Session) -> Bool {
        guard inputStart == input.count else { return false }
        var ready = pollfd(fd: open.socket, events: Int16(POLLIN), revents: 0)
        guard poll(&ready, 1, 0) > 0 else { return true }
        // Readable: the end of the stream, an unsolicited reply, or TLS housekeeping only.
        var got = 0
        return curl_easy_recv(open.handle, chunk, Self.chunkSize, &got) == CURLE_AGAIN
    }

    // MARK: - The transaction

    /// A reply that refuses a step: its code, its last line, and whether the session must end.
    private struct Refusal: Error {
        let code: Int
        let line: String
        var closes = false

        var error: SMTPError {
            switch code {
            case 500..<600: .permanent(code: code, reply: line)
            case 400..<500: .transient(code: code, reply: line)
            default: .transient(code: code, reply: "unexpected reply: \(line)")
            }
        }
    }

    private struct Reply {
        let code: Int
        let line: String
        var positive: Bool { code >= 200 && code < 300 }
    }

    private func transact(_ message: OutgoingMessage, on open: Session, deadline: UInt64) throws -> String {
        let international = open.smtpUTF8 && ([message.sender] + message.recipients).contains { $0.utf8.contains { $0 >= 128 } }
        var commands = "MAIL FROM:<\(message.sender)>"
        if open.size { commands += " SIZE=\(message.data.count)" }
        if international { commands += " SMTPUTF8" }
        commands += "\r\n"
        if open.pipelining {
            for recipient in message.recipients { commands += "RCPT TO:<\(recipient)>\r\n" }
            commands += "DATA\r\n"
            try write(Array(commands.utf8), on: open, deadline: deadline)
            var refused: Reply?
            for _ in 0...message.recipients.count {
                let reply = try readReply(on: open, deadline: deadline)
                if refused == nil, !reply.positive { refused = reply }
            }
            let data = try readReply(on: open, deadline: deadline)
            if let refused {
                // A server that takes DATA after a refused step would deliver what follows:
                // dropping the connection makes it discard the transaction.
                throw Refusal(code: refused.code, line: refused.line, closes: data.code == 354)
            }
            guard data.code == 354 else { throw Refusal(code: data.code, line: data.line) }
        } else {
            try write(Array(commands.utf8), on: open, deadline: deadline)
            try expect(positive: true, on: open, deadline: deadline)
            for recipient in message.recipients {
                try write(Array("RCPT TO:<\(recipient)>\r\n".utf8), on: open, deadline: deadline)
                try expect(positive: true, on: open, deadline: deadline)
            }
            try write(Array("DATA\r\n".utf8), on: open, deadline: deadline)
            try expect(positive: false, on: open, deadline: deadline)
        }
        stuff(message.data)
        try write(output, on: open, deadline: deadline)
        let end = try readReply(on: open, deadline: deadline)
        guard end.positive else { throw Refusal(code: end.code, line: end.line) }
        return end.line
    }

    /// Reads a reply that must be 2xx (`positive`) or 354.
    private func expect(positive: Bool, on open: Session, deadline: UInt64) throws {
        let reply = try readReply(on: open, deadline: deadline)
        guard positive ? reply.positive : reply.code == 354 else { throw Refusal(code: reply.code, line: reply.line) }
    }

    /// After a refusal: RSET, or the end of the session when that fails too.
    private func reset(_ open: Session, deadline: UInt64) {
        do {
            try write(Array("RSET\r\n".utf8), on: open, deadline: deadline)
            guard try readReply(on: open, deadline: deadline).positive else { close(broken: true); return }
        } catch {
            close(broken: true)
        }
    }

    /// The message as DATA sends it (RFC 5321 §4.5.2): a line that starts with a dot gets one
    /// more, the data ends with CRLF, then the lone dot.
    private func stuff(_ data: [UInt8]) {
        output.removeAll(keepingCapacity: true)
        output.reserveCapacity(data.count + data.count / 256 + 8)
        data.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress, !source.isEmpty else { return }
            var from = 0
            if base[0] == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
            var at = 0
            while at < source.count, let found = memchr(base + at, 10, source.count - at) {
                let next = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                if next < source.count, base[next] == UInt8(ascii: ".") {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: source[from..<next]))
                    output.append(UInt8(ascii: "."))
                    from = next
                }
                at = next
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: source[from...]))
        }
        if !output.isEmpty, !(output.count >= 2 && output[output.count - 2] == 13 && output[output.count - 1] == 10) {
            output.append(contentsOf: [13, 10])
        }
        output.append(contentsOf: [UInt8(ascii: "."), 13, 10])
    }

    // MARK: - Bytes on the session

    private func write(_ bytes: [UInt8], on open: Session, deadline: UInt64) throws {
        try bytes.withUnsafeBytes { buffer in
            var sent = 0
            while sent < buffer.count {
                var n = 0
                let code = curl_easy_send(open.handle, buffer.baseAddress! + sent, buffer.count - sent, &n)
                if code == CURLE_OK {
                    sent += n
                } else if code == CURLE_AGAIN {
                    try wait(for: Int16(POLLOUT), on: open, deadline: deadline)
                } else {
                    throw SMTPError.transient(code: 0, reply: "sending to the SMTP server failed: \(String(cString: curl_easy_strerror(code))) (curl error \(code.rawValue))")
                }
            }
        }
    }

    /// The next whole reply: its code and its last line, trimmed.
    private func readReply(on open: Session, deadline: UInt64) throws -> Reply {
        while true {
            if let reply = try parseReply() { return reply }
            var got = 0
            let code = curl_easy_recv(open.handle, chunk, Self.chunkSize, &got)
            if code == CURLE_OK {
                guard got > 0 else { throw SMTPError.transient(code: 0, reply: "the SMTP server closed the connection") }
                if inputStart == input.count {
                    input.removeAll(keepingCapacity: true)
                    inputStart = 0
                }
                input.append(contentsOf: UnsafeRawBufferPointer(start: chunk, count: got))
            } else if code == CURLE_AGAIN {
                try wait(for: Int16(POLLIN), on: open, deadline: deadline)
            } else {
                throw SMTPError.transient(code: 0, reply: "reading from the SMTP server failed: \(String(cString: curl_easy_strerror(code))) (curl error \(code.rawValue))")
            }
        }
    }

    /// A reply whose last line (code, then a space or the line's end) has arrived, consumed.
    private func parseReply() throws -> Reply? {
        try input.withUnsafeBufferPointer { buffer -> Reply? in
            var lineStart = inputStart
            while lineStart < buffer.count, let found = memchr(buffer.baseAddress! + lineStart, 10, buffer.count - lineStart) {
                let end = buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                let line = UnsafeBufferPointer(rebasing: buffer[lineStart..<end])
                guard line.count >= 3, line[0] >= 48, line[0] <= 57, line[1] >= 48, line[1] <= 57, line[2] >= 48, line[2] <= 57 else {
                    throw SMTPError.transient(code: 0, reply: "the SMTP server's reply is not SMTP: \(trimmed(String(decoding: line.prefix(200), as: UTF8.self)))")
                }
                if line.count > 3, line[3] == UInt8(ascii: "-") {
                    lineStart = end + 1
                    continue
                }
                inputStart = end + 1
                let code = Int(line[0] - 48) * 100 + Int(line[1] - 48) * 10 + Int(line[2] - 48)
                return Reply(code: code, line: trimmed(String(decoding: line, as: UTF8.self)))
            }
            if buffer.count - inputStart > Self.longestReply {
                throw SMTPError.transient(code: 0, reply: "the SMTP server's reply has no end")
            }
            return nil
        }
    }

    private func wait(for events: Int16, on open: Session, deadline: UInt64) throws {
        while true {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else {
                throw SMTPError.transient(code: 0, reply: "the SMTP server did not answer within \(Int(settings.timeout.rounded())) s")
            }
            var ready = pollfd(fd: open.socket, events: events, revents: 0)
            let result = poll(&ready, 1, Int32(min(Int(Int32.max), Int((deadline - now + 999_999) / 1_000_000))))
            if result > 0 || (result < 0 && errno != EINTR) { return }
        }
    }
}

/// A reply line without the spaces, tabs, CR and LF around it.
private func trimmed(_ line: String) -> String {
    let bytes = line.utf8
    func space(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 || b == 10 }
    guard let first = bytes.firstIndex(where: { !space($0) }), let last = bytes.lastIndex(where: { !space($0) }) else { return "" }
    return String(line[first...last])
}

/// The reply lines libcurl reads while it opens a session (greeting, EHLO, STARTTLS, AUTH).
private final class ReplyLines {
    var all: [String] = []
}

private let smtpHeader: nl_curl_data_callback = { data, size, count, userdata in
    guard let data, let userdata else { return 0 }
    let lines = Unmanaged<ReplyLines>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
        // Only reply lines (they start with the code) are kept.
        guard length > 0, bytes[0] >= UInt8(ascii: "0"), bytes[0] <= UInt8(ascii: "9") else { return }
        if lines.all.count > 256 { lines.all.removeFirst(128) }
        lines.all.append(String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self))
    }
    return length
}

enum CurlSMTPGlobal {
    private static let initialised: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()

    static func ensureInitialised() { _ = initialised }
}
