import CCurl
import Foundation
import NewsletterCore

/// An IMAP (RFC 9051) or POP3 (RFC 1939) mailbox read through libcurl, one connection
/// kept open for the whole session.
///
/// IMAP: `UID SEARCH UNSEEN`, then `UID FETCH n BODY[]` (libcurl's fetch, which sets
/// `\Seen`: libcurl hands no literal to a custom `BODY.PEEK[]`), then `UID STORE n +FLAGS
/// (\Seen)` once the change is committed, or `-FLAGS (\Seen)` when it could not be. POP3: `UIDL`, `RETR n`, `DELE n` once the
/// change is committed; the deletions take effect at `QUIT`, when the session closes.
/// `imaps://` and `pop3s://` are implicit TLS; `imap://` and `pop3://` use STARTTLS,
/// required except on a loopback host, where it is tried.
public final class CurlMailbox: Mailbox, @unchecked Sendable {
    public enum Kind: Sendable { case imap, pop3 }

    public let kind: Kind
    /// `scheme://host:port` with the mailbox path (IMAP), without the user.
    private let base: String
    private let mailbox: String
    private let username: String?
    private let password: String?
    private let caFile: String?
    private let tls: curl_usessl
    private let timeout: Double
    public let description: String
    private let queue = DispatchQueue(label: "newsletter.inbox.curl")
    private var handle: UnsafeMutableRawPointer?
    /// POP3 message numbers by UIDL id.
    private var numbers: [String: Int] = [:]

    /// - Parameter url: `imap[s]://user@host[:port]/MAILBOX` or `pop3[s]://user@host[:port]`.
    public init(url: String, password: String?, caFile: String?, timeout: Double = 60) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), let host = components.host, !host.isEmpty else {
            throw MailboxError("The inbox '\(url)' is not a URL such as imaps://user@host/INBOX or pop3s://user@host.")
        }
        switch scheme {
        case "imap", "imaps": kind = .imap
        case "pop3", "pop3s": kind = .pop3
        default: throw MailboxError("The inbox '\(url)' must start with imap://, imaps://, pop3:// or pop3s://, or be a Maildir path.")
        }
        let port = components.port.map { ":\($0)" } ?? ""
        let hostPart = host.contains(":") ? "[\(host)]" : host
        base = "\(scheme)://\(hostPart)\(port)"
        let path = components.percentEncodedPath.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        mailbox = kind == .imap ? (path.isEmpty ? "INBOX" : path) : ""
        username = components.user?.removingPercentEncoding
        self.password = password ?? components.password?.removingPercentEncoding
        self.caFile = caFile
        let loopback = host == "localhost" || host.hasPrefix("127.") || host == "::1"
        tls = scheme.hasSuffix("s") ? CURLUSESSL_ALL : (loopback ? CURLUSESSL_TRY : CURLUSESSL_ALL)
        self.timeout = timeout
        let user = username.map { $0 + "@" } ?? ""
        let box = kind == .imap ? "/" + mailbox : ""
        description = "the mailbox " + scheme + "://" + user + hostPart + port + box
    }

    deinit { if let handle { curl_easy_cleanup(handle) } }

    public func waiting() async throws -> [String] {
        try await run {
            switch self.kind {
            case .imap:
                let text = String(decoding: try self.perform(path: self.mailbox, request: "UID SEARCH UNSEEN"), as: UTF8.self)
                var uids: [Int] = []
                for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("* SEARCH") {
                    for field in line.split(separator: " ").dropFirst(2) {
                        if let uid = Int(field.trimmingCharacters(in: .whitespaces)) { uids.append(uid) }
                    }
                }
                return uids.sorted().map { String($0) }
            case .pop3:
                let text = String(decoding: try self.perform(path: "", request: "UIDL"), as: UTF8.self)
                var ids: [String] = []
                for line in text.split(whereSeparator: \.isNewline) {
                    let fields = line.split(separator: " ")
                    guard fields.count >= 2, let number = Int(fields[0]) else { continue }
                    let id = String(fields[1])
                    self.numbers[id] = number
                    ids.append(id)
                }
                return ids
            }
        }
    }

    public func fetch(_ id: String) async throws -> [UInt8] {
        try await run {
            switch self.kind {
            case .imap:
                let raw = try self.perform(path: self.mailbox + "/;UID=" + id, request: nil)
                guard !raw.isEmpty else { throw MailboxError("\(self.description) sent no message for UID \(id).") }
                return raw
            case .pop3:
                guard let number = self.numbers[id] else { throw MailboxError("\(self.description) has no message \(id).") }
                return try self.perform(path: String(number), request: nil)
            }
        }
    }

    public func markProcessed(_ id: String) async throws {
        try await run {
            switch self.kind {
            case .imap:
                _ = try self.perform(path: self.mailbox, request: "UID STORE \(id) +FLAGS (\\Seen)")
            case .pop3:
                guard let number = self.numbers[id] else { return }
                _ = try self.perform(path: String(number), request: "DELE", noBody: true)
            }
        }
    }

    public func leave(_ id: String) async throws {
        guard kind == .imap else { return }
        try await run { _ = try self.perform(path: self.mailbox, request: "UID STORE \(id) -FLAGS (\\Seen)") }
    }

    public func close() async throws {
        try await run {
            if let handle = self.handle {
                curl_easy_cleanup(handle) // sends LOGOUT / QUIT: POP3 deletions take effect
                self.handle = nil
            }
        }
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// One command on the session's connection; the response body.
    private func perform(path: String, request: String?, noBody: Bool = false) throws -> [UInt8] {
        CurlSMTPGlobal.ensureInitialised()
        if handle == nil { handle = curl_easy_init() }
        guard let handle else { throw MailboxError("libcurl could not create a handle.") }
        let sink = ResponseSink()
        let context = Unmanaged.passRetained(sink)
        defer { context.release() }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errorPointer in
            let encodedPath = path.addingPercentEncoding(withAllowedCharacters: CharacterSet.urlPathAllowed.union(CharacterSet(charactersIn: ";="))) ?? path
            _ = nl_curl_setopt_string(handle, CURLOPT_URL, base + "/" + encodedPath)
            _ = nl_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorPointer.baseAddress)
            _ = nl_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
            _ = nl_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "imap,imaps,pop3,pop3s")
            _ = nl_curl_setopt_long(handle, CURLOPT_USE_SSL, Int(tls.rawValue))
            if let caFile { _ = nl_curl_setopt_string(handle, CURLOPT_CAINFO, caFile) }
            if let username { _ = nl_curl_setopt_string(handle, CURLOPT_USERNAME, username) }
            if let password { _ = nl_curl_setopt_string(handle, CURLOPT_PASSWORD, password) }
            _ = nl_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(timeout * 1000))
            _ = nl_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(min(timeout, 20) * 1000))
            if let request {
                _ = nl_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request)
            } else {
                _ = nl_curl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, nil)
            }
            _ = nl_curl_setopt_long(handle, CURLOPT_NOBODY, noBody ? 1 : 0)
            _ = nl_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, mailboxWrite)
            _ = nl_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context.toOpaque())
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            let message = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let text = message.isEmpty ? String(cString: curl_easy_strerror(code)) : message
            throw MailboxError("\(description) could not be read: \(text) (curl error \(code.rawValue)).")
        }
        return sink.bytes
    }
}

private final class ResponseSink {
    var bytes: [UInt8] = []
}

private let mailboxWrite: nl_curl_data_callback = { data, size, count, userdata in
    guard let data, let userdata else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    data.withMemoryRebound(to: UInt8.self, capacity: length) { sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
    return length
}
