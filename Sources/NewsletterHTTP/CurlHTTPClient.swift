import CCurl
import Foundation
import Logging
import NewsletterCore

/// An `HTTPClient` over libcurl's easy interface: http and https only, redirects capped,
/// gzip/deflate accepted, a size cap enforced while the body streams in.
///
/// Each request runs on a thread of its own, off Swift's cooperative pool.
public struct CurlHTTPClient: HTTPClient {
    public var userAgent: String
    private let logger: Logger

    public init(userAgent: String = "newsletter/1.0", logger: Logger = Logger(label: "newsletter.http")) {
        CurlGlobal.ensureInitialised()
        self.userAgent = userAgent
        self.logger = logger
    }

    public func send(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try self.perform(request) })
            }
            thread.start()
        }
    }

    /// Performs `request` on the calling thread.
    public func perform(_ request: HTTPClientRequest) throws -> HTTPClientResponse {
        let lower = request.url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw HTTPClientError.unsupportedURL(url: request.url)
        }
        guard let handle = curl_easy_init() else {
            throw HTTPClientError.transport(url: request.url, code: -1, message: "libcurl could not create a handle")
        }
        defer { curl_easy_cleanup(handle) }
        let state = TransferState(limit: request.maxBodyBytes)
        let context = Unmanaged.passRetained(state)
        defer { context.release() }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errorPointer in
            _ = nl_curl_setopt_string(handle, CURLOPT_URL, request.url)
            _ = nl_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorPointer.baseAddress)
            _ = nl_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
            _ = nl_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
            _ = nl_curl_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
            _ = nl_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, request.maxRedirects > 0 ? 1 : 0)
            _ = nl_curl_setopt_long(handle, CURLOPT_MAXREDIRS, request.maxRedirects)
            _ = nl_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
            _ = nl_curl_setopt_string(handle, CURLOPT_USERAGENT, userAgent)
            _ = nl_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(request.timeout * 1000))
            _ = nl_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(min(request.timeout, 15) * 1000))
            _ = nl_curl_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxBodyBytes))
            _ = nl_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context.toOpaque())
            _ = nl_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteBody)
            _ = nl_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context.toOpaque())
            _ = nl_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader)
            for (name, value) in request.headers {
                headerList = curl_slist_append(headerList, "\(name): \(value)")
            }
            if let headerList { _ = nl_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList) }
            if request.method != "GET" {
                _ = nl_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
            }
            if let body = request.body {
                _ = nl_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                body.withUnsafeBytes { raw in
                    _ = nl_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
                }
            }
            logger.debug("HTTP request", metadata: ["newsletter.method": "\(request.method)", "newsletter.url": "\(request.url)"])
            return curl_easy_perform(handle)
        }

        if code != CURLE_OK {
            let message = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            switch code {
            case CURLE_OPERATION_TIMEDOUT:
                throw HTTPClientError.timedOut(url: request.url, seconds: request.timeout)
            case CURLE_TOO_MANY_REDIRECTS:
                throw HTTPClientError.tooManyRedirects(url: request.url, limit: request.maxRedirects)
            case CURLE_FILESIZE_EXCEEDED:
                throw HTTPClientError.tooLarge(url: request.url, limit: request.maxBodyBytes)
            case CURLE_WRITE_ERROR where state.exceeded:
                throw HTTPClientError.tooLarge(url: request.url, limit: request.maxBodyBytes)
            default:
                let text = message.isEmpty ? String(cString: curl_easy_strerror(code)) : message
                throw HTTPClientError.transport(url: request.url, code: Int(code.rawValue), message: text)
            }
        }
        var status = 0
        _ = nl_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var effective: UnsafeMutablePointer<CChar>?
        _ = nl_curl_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &effective)
        let finalURL = effective.map { String(cString: $0) } ?? request.url
        logger.debug("HTTP response", metadata: ["newsletter.status": "\(status)", "newsletter.bytes": "\(state.body.count)"])
        return HTTPClientResponse(status: status, headers: state.headers, body: state.body, url: finalURL)
    }
}

/// What the callbacks fill in during one transfer.
private final class TransferState {
    var body = Data()
    var headers: [(name: String, value: String)] = []
    let limit: Int
    var exceeded = false

    init(limit: Int) { self.limit = limit }
}

private let curlWriteBody: nl_curl_data_callback = { data, size, count, userdata in
    guard let data, let userdata else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    if state.body.count + length > state.limit {
        state.exceeded = true
        return 0
    }
    data.withMemoryRebound(to: UInt8.self, capacity: length) { state.body.append($0, count: length) }
    return length
}

private let curlWriteHeader: nl_curl_data_callback = { data, size, count, userdata in
    guard let data, let userdata else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }.trimmingCharacters(in: .whitespacesAndNewlines)
    if line.hasPrefix("HTTP/") {
        // A new response (after a redirect or 100 Continue): keep only the last one's fields.
        state.headers.removeAll()
    } else if let colon = line.firstIndex(of: ":") {
        let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
        let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        state.headers.append((name, value))
    }
    return length
}

/// `curl_global_init` must run once before any handle is made.
enum CurlGlobal {
    private static let initialised: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()

    static func ensureInitialised() { _ = initialised }
}
