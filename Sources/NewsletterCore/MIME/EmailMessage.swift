/// A MIME entity: a text body or a multipart of entities (RFC 2045, RFC 2046).
public indirect enum MIMEPart: Sendable, Equatable {
    /// `text/<subtype>; charset=utf-8`, sent quoted-printable.
    case text(subtype: String, content: String)
    /// `text/<subtype>; charset=utf-8` whose body is already quoted-printable (for copies
    /// whose fixed lines were encoded once).
    case encodedText(subtype: String, quotedPrintable: [UInt8])
    /// `multipart/<subtype>` with its boundary (RFC 2046 §5.1.1).
    case multipart(subtype: String, boundary: String, parts: [MIMEPart])
}

/// An email as typed values; `render()` turns it into the bytes sent.
public struct EmailMessage: Sendable, Equatable {
    public var headers: [(name: String, value: HeaderValue)]
    public var body: MIMEPart

    public init(headers: [(name: String, value: HeaderValue)], body: MIMEPart) {
        self.headers = headers
        self.body = body
    }

    public static func == (a: EmailMessage, b: EmailMessage) -> Bool {
        a.body == b.body && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    /// The message as sent: CRLF line ends, folded headers, 7-bit clean (RFC 5322, RFC 2045).
    public func render() -> [UInt8] {
        MIMERenderer.render(self)
    }
}
