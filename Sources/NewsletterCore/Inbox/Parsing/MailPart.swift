import Foundation

/// A received message, or one part of it, read leniently (RFC 5322, RFC 2045-2046): header
/// fields, the body with its transfer encoding undone, and the parts of a multipart body or
/// the message inside a `message/rfc822` (or `text/rfc822-headers`) part. CRLF, LF and CR
/// line ends are all read; the parts use LF.
public struct MailPart: Sendable {
    public var headers: MailHeaders
    /// `type/subtype`, lowercased; `text/plain` when absent (RFC 2045 §5.2).
    public var contentType: String
    public var parameters: [String: String]
    /// The body after transfer decoding (for a multipart, the raw body).
    public var body: [UInt8]
    /// The parts of a multipart, or the one enclosed message of a `message/*` part.
    public var parts: [MailPart]

    /// Reads a whole message.
    public static func parse(_ bytes: some Collection<UInt8>) -> MailPart {
        var lines = normalizedLines(bytes)[...]
        // An mbox separator ("From MAILER-DAEMON Mon …") before the header is not a field.
        if let first = lines.first, first.hasPrefix("From ") { lines = lines.dropFirst() }
        return parse(lines: lines, depth: 0, defaultType: "text/plain")
    }

    /// The body as text in its charset.
    public var text: String {
        Charsets.decode(body, charset: parameters["charset"])
    }

    /// The body's first 256 KB as text in its charset: all a notice says fits in far
    /// less, and a larger part (an attachment, or an attack) is not read whole for nothing.
    public var readableText: String {
        body.count <= Self.readableLimit ? text : Charsets.decode(Array(body.prefix(Self.readableLimit)), charset: parameters["charset"])
    }

    static let readableLimit = 256 * 1024

    /// This part and every part below it, depth first.
    public var allParts: [MailPart] {
        [self] + parts.flatMap(\.allParts)
    }

    /// The first part (this one included) whose type is one of `types`.
    public func first(_ types: String...) -> MailPart? {
        allParts.first { types.contains($0.contentType) }
    }

    static let maxDepth = 12

    static func parse(lines: ArraySlice<Substring>, depth: Int, defaultType: String) -> MailPart {
        var headerEnd = lines.startIndex
        // A body that starts at once (no header) is a body.
        if let first = lines.first, !looksLikeField(first) {
            headerEnd = lines.startIndex
        } else {
            while headerEnd < lines.endIndex, !lines[headerEnd].isEmpty { headerEnd += 1 }
        }
        let headers = MailHeaders(lines: lines[lines.startIndex..<headerEnd])
        let bodyLines = headerEnd < lines.endIndex && lines[headerEnd].isEmpty ? lines[(headerEnd + 1)...] : lines[headerEnd...]
        let (rawType, parameters) = HeaderParameters.split(headers["Content-Type"] ?? "")
        let type = rawType.contains("/") ? rawType : defaultType
        var part = MailPart(headers: headers, contentType: type, parameters: parameters, body: [], parts: [])
        if type.hasPrefix("multipart/"), let boundary = parameters["boundary"], !boundary.isEmpty, depth < maxDepth {
            let childType = type == "multipart/digest" ? "message/rfc822" : "text/plain"
            let children = split(bodyLines, boundary: boundary)
            if !children.isEmpty {
                part.parts = children.map { parse(lines: $0, depth: depth + 1, defaultType: childType) }
                part.body = join(bodyLines)
                return part
            }
        }
        let encoding = headers["Content-Transfer-Encoding"]
        var body = join(bodyLines)
        if let encoding, ["base64", "quoted-printable"].contains(encoding.trimmedBlanks.lowercased()) {
            body = TransferEncoding.decode(body[...], encoding: encoding)
        }
        part.body = body
        if depth < maxDepth, ["message/rfc822", "message/global", "text/rfc822-headers", "message/rfc822-headers"].contains(type) {
            let inner = normalizedLines(body)
            // Some senders indent the enclosed message; read it anyway.
            part.parts = [parse(lines: inner[...], depth: depth + 1, defaultType: "text/plain")]
        }
        return part
    }

    private static func looksLikeField(_ line: Substring) -> Bool {
        guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { return false }
        return line[..<colon].allSatisfy { $0.isASCII && !$0.isWhitespace && $0 != "<" }
    }

    private static func split(_ lines: ArraySlice<Substring>, boundary: String) -> [ArraySlice<Substring>] {
        let open = "--" + boundary
        var parts: [ArraySlice<Substring>] = []
        var start: Int?
        for i in lines.indices {
            let line = lines[i]
            guard line.hasPrefix(open) else { continue }
            let rest = line.dropFirst(open.count)
            let closing = rest.hasPrefix("--")
            guard closing || rest.allSatisfy({ $0 == " " || $0 == "\t" }) else { continue }
            if let s = start { parts.append(lines[s..<i]) }
            start = closing ? nil : i + 1
            if closing { break }
        }
        if let s = start, s <= lines.endIndex { parts.append(lines[s..<lines.endIndex]) } // no closing delimiter
        return parts
    }

    /// The octets of `lines` (one Latin-1 scalar each, see `normalizedLines`) joined with
    /// LF. The lines are neighbours in one string, so this is one pass over its UTF-8.
    private static func join(_ lines: ArraySlice<Substring>) -> [UInt8] {
        guard let first = lines.first, let last = lines.last else { return [] }
        let utf8 = first.base.utf8[first.startIndex..<last.endIndex]
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var lead: UInt8 = 0
        for b in utf8 {
            if b < 0x80 {
                out.append(b)
            } else if b >= 0xC0 {
                lead = b
            } else {
                out.append((lead & 0x03) << 6 | (b & 0x3F))
            }
        }
        return out
    }

    /// Splits bytes into lines at CRLF, LF or CR. Bytes are kept as they are (Latin-1
    /// mapped one to one), so a later charset decode sees the original octets.
    static func normalizedLines(_ bytes: some Collection<UInt8>) -> [Substring] {
        if let lines = bytes.withContiguousStorageIfAvailable({ normalizedLines(buffer: $0) }) { return lines }
        return Array(bytes).withUnsafeBufferPointer { normalizedLines(buffer: $0) }
    }

    private static func normalizedLines(buffer bytes: UnsafeBufferPointer<UInt8>) -> [Substring] {
        // One pass over the octets: CR and CRLF become LF, and each octet is the Unicode
        // scalar of its value (Latin-1, so nothing is lost before a part is decoded),
        // written as UTF-8 so that the String is made without a second validation.
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count + 16)
        var previousCR = false
        for b in bytes {
            if b == 0x0D {
                utf8.append(0x0A)
                previousCR = true
                continue
            }
            if b == 0x0A && previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            if b < 0x80 {
                utf8.append(b)
            } else {
                utf8.append(0xC0 | (b >> 6))
                utf8.append(0x80 | (b & 0x3F))
            }
        }
        let text = String(decoding: utf8, as: UTF8.self)
        // Lines at each LF, found in the UTF-8 view (an LF is always a Character of its own).
        var lines: [Substring] = []
        let view = text.utf8
        var start = view.startIndex
        var i = start
        while i != view.endIndex {
            if view[i] == 0x0A {
                lines.append(text[start..<i])
                start = view.index(after: i)
            }
            i = view.index(after: i)
        }
        lines.append(text[start..<view.endIndex])
        return lines
    }
}
