/// Renders an `EmailMessage` to bytes: headers folded with CRLF, then the MIME tree.
enum MIMERenderer {
    static func render(_ message: EmailMessage) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(2048 + encodedSize(message.body))
        for (name, value) in message.headers {
            append(HeaderEncoding.field(name, value), to: &out)
        }
        append("MIME-Version: 1.0", to: &out)
        renderPart(message.body, into: &out)
        return out
    }

    private static func append(_ line: String, to out: inout [UInt8]) {
        out.append(contentsOf: line.utf8)
        out.append(0x0D)
        out.append(0x0A)
    }

    /// About how many bytes a part's bodies take (to allocate the message once).
    private static func encodedSize(_ part: MIMEPart) -> Int {
        switch part {
        case .text(_, let content): content.utf8.count * 11 / 10
        case .encodedText(_, let encoded): encoded.count
        case .multipart(_, _, let parts): parts.reduce(0) { $0 + 200 + encodedSize($1) }
        }
    }

    /// The part's own header fields, a blank line, and its body.
    private static func renderPart(_ part: MIMEPart, into out: inout [UInt8]) {
        switch part {
        case .text(let subtype, let content):
            append("Content-Type: text/\(subtype); charset=utf-8", to: &out)
            append("Content-Transfer-Encoding: quoted-printable", to: &out)
            append("", to: &out)
            out.append(contentsOf: QuotedPrintable.encode(content))
            // This CRLF belongs to the next boundary (RFC 2046 §5.1.1): the content stays exact.
            out.append(0x0D)
            out.append(0x0A)
        case .encodedText(let subtype, let encoded):
            append("Content-Type: text/\(subtype); charset=utf-8", to: &out)
            append("Content-Transfer-Encoding: quoted-printable", to: &out)
            append("", to: &out)
            out.append(contentsOf: encoded)
            out.append(0x0D)
            out.append(0x0A)
        case .multipart(let subtype, let boundary, let parts):
            append("Content-Type: multipart/\(subtype);", to: &out)
            append(" boundary=\"\(boundary)\"", to: &out)
            append("", to: &out)
            for child in parts {
                append("--" + boundary, to: &out)
                renderPart(child, into: &out)
            }
            append("--" + boundary + "--", to: &out)
        }
    }
}
