import CCurl
import Foundation
import NewsletterCore

/// One SMTP connection through a libcurl easy handle. Reusing the handle reuses the
/// connection (the next message starts at MAIL FROM); a failed transfer closes it and the
/// next message reconnects. Not thread-safe: one connection per sending thread.
public final class CurlSMTPConnection {
    private let settings: SMTPSettings
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    public init(settings: SMTPSettings) throws {
        CurlSMTPGlobal.ensureInitialised()
        guard let handle = curl_easy_init() else { throw SMTPError.configuration("libcurl could not create a handle.") }
        self.settings = settings
        self.handle = handle
        errorBuffer[0] = 0
        // What is the same for every message is set once; the handle keeps it across transfers.
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
        _ = nl_curl_setopt_long(handle, CURLOPT_UPLOAD, 1)
        _ = nl_curl_setopt_read_callback(handle, CURLOPT_READFUNCTION, smtpRead)
        _ = nl_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, smtpHeader)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sends one message; throws `SMTPError` with the server's reply when it is not accepted.
    /// - Returns: the final reply line (e.g. `250 2.0.0 Ok: queued as …`).
    @discardableResult
    public func send(_ message: OutgoingMessage) throws -> String {
        let state = UploadState(data: message.data)
        let context = Unmanaged.passRetained(state)
        defer { context.release() }
        var recipients: UnsafeMutablePointer<curl_slist>?
        for r in message.recipients { recipients = curl_slist_append(recipients, "<\(r)>") }
        defer { curl_slist_free_all(recipients) }

        errorBuffer[0] = 0
        _ = nl_curl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(message.sender)>")
        _ = nl_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients)
        _ = nl_curl_setopt_pointer(handle, CURLOPT_READDATA, context.toOpaque())
        _ = nl_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context.toOpaque())
        let code = curl_easy_perform(handle)
        // The list is freed after this call: the handle must not keep a pointer to it.
        _ = nl_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, nil)
        var reply = 0
        _ = nl_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &reply)
        // libcurl says QUIT after a failure, so the reply that counts is the last one
        // carrying the code it reports, not the final "221 Bye".
        let prefix = String(reply)
        let lastLine = trimmed(state.replies.last { $0.hasPrefix(prefix) } ?? state.replies.last ?? "")
        if code == CURLE_OK { return lastLine }
        let message = String(cString: errorBuffer)
        let text = lastLine.isEmpty ? (message.isEmpty ? String(cString: curl_easy_strerror(code)) : message) : lastLine
        switch reply {
        case 500..<600: throw SMTPError.permanent(code: reply, reply: text)
        case 400..<500: throw SMTPError.transient(code: reply, reply: text)
        default:
            if code == CURLE_LOGIN_DENIED || code == CURLE_USE_SSL_FAILED || code == CURLE_PEER_FAILED_VERIFICATION {
                throw SMTPError.configuration("The SMTP server \(settings.url) refused the connection: \(text) (curl error \(code.rawValue)).")
            }
            throw SMTPError.transient(code: 0, reply: "\(text) (curl error \(code.rawValue))")
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

/// The message being uploaded and the server's last reply line.
private final class UploadState {
    let data: [UInt8]
    var offset = 0
    var replies: [String] = []

    init(data: [UInt8]) { self.data = data }
}

private let smtpRead: nl_curl_data_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return 0 }
    let state = Unmanaged<UploadState>.fromOpaque(userdata).takeUnretainedValue()
    let n = min(size * count, state.data.count - state.offset)
    guard n > 0 else { return 0 }
    state.data.withUnsafeBufferPointer { source in
        UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + state.offset, byteCount: n)
    }
    state.offset += n
    return n
}

private let smtpHeader: nl_curl_data_callback = { data, size, count, userdata in
    guard let data, let userdata else { return 0 }
    let state = Unmanaged<UploadState>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
        // Only reply lines (they start with the code) are kept.
        guard length > 0, bytes[0] >= UInt8(ascii: "0"), bytes[0] <= UInt8(ascii: "9") else { return }
        if state.replies.count > 64 { state.replies.removeFirst(32) }
        state.replies.append(String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self))
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
