import Crypto
import Foundation

/// Signs messages with DKIM (RFC 6376), relaxed/relaxed canonicalization, RSA-SHA256 or
/// Ed25519-SHA256 (RFC 8463).
public struct DKIMSigner: Sendable {
    public var domain: String
    public var selector: String
    public var key: DKIMKey
    /// Header fields to sign, lowercase; each listed once more than it occurs, so that a
    /// field added in transit breaks the signature (RFC 6376 §8.15, "over-signing").
    public var signedHeaders: [String]

    public static let defaultSignedHeaders = [
        "from", "to", "subject", "date", "message-id", "mime-version", "content-type",
        "list-id", "list-unsubscribe", "list-unsubscribe-post", "reply-to", "feedback-id",
    ]

    public init(domain: String, selector: String, key: DKIMKey, signedHeaders: [String] = DKIMSigner.defaultSignedHeaders) {
        self.domain = domain
        self.selector = selector
        self.key = key
        self.signedHeaders = signedHeaders
    }

    /// `message` with a `DKIM-Signature` field prepended.
    ///
    /// - Parameter timestamp: the `t=` tag, seconds since the epoch.
    public func sign(_ message: [UInt8], timestamp: Int) throws -> [UInt8] {
        let parsed = DKIMCanonical.split(message)
        let lowercased = parsed.headers.map { $0.name.lowercased() }
        var h: [String] = []
        for name in signedHeaders {
            let count = lowercased.reduce(0) { $1 == name ? $0 + 1 : $0 }
            if count > 0 { h += Array(repeating: name, count: count + 1) }
        }
        let bodyHash = Data(SHA256.hash(data: DKIMCanonical.relaxedBody(parsed.body))).base64EncodedString()
        // h= folds after a colon (FWS is allowed there, RFC 6376 §3.5) to keep lines short.
        var hList = ""
        var lineLength = 8
        for (i, name) in h.enumerated() {
            let piece = name + (i < h.count - 1 ? ":" : ";")
            if lineLength + piece.count > 76 {
                hList += "\r\n "
                lineLength = 1
            }
            hList += piece
            lineLength += piece.count
        }
        let unsigned = "v=1; a=\(key.algorithm.rawValue); c=relaxed/relaxed; d=\(domain); s=\(selector);\r\n t=\(timestamp); h=\(hList)\r\n bh=\(bodyHash);\r\n b="
        let b = try signatureValue(headers: parsed.headers, lowercasedNames: lowercased, signedNames: h, unsignedSignatureValue: unsigned)
        var field = "DKIM-Signature: " + unsigned
        // Fold b= into lines of at most 76 characters.
        var rest = Substring(b)
        var first = true
        while !rest.isEmpty {
            let take = first ? 72 : 75
            if !first { field += "\r\n " }
            field += rest.prefix(take)
            rest = rest.dropFirst(take)
            first = false
        }
        return Array((field + "\r\n").utf8) + message
    }

    /// The `b=` value for a signature field whose value, with an empty `b=`, is `unsignedSignatureValue`.
    public func signatureValue(headers: [DKIMCanonical.Field], signedNames: [String], unsignedSignatureValue: String) throws -> String {
        try signatureValue(headers: headers, lowercasedNames: headers.map { $0.name.lowercased() }, signedNames: signedNames.map { $0.lowercased() },
                           unsignedSignatureValue: unsignedSignatureValue)
    }

    /// The same, with the fields' names already lowercased and `signedNames` lowercase.
    func signatureValue(headers: [DKIMCanonical.Field], lowercasedNames: [String], signedNames: [String], unsignedSignatureValue: String) throws -> String {
        var data: [UInt8] = []
        data.reserveCapacity(2048)
        var used = [Bool](repeating: false, count: headers.count)
        for name in signedNames {
            // The last occurrence not yet used (RFC 6376 §5.4.2); none contributes nothing.
            guard let index = headers.indices.reversed().first(where: { !used[$0] && lowercasedNames[$0] == name }) else { continue }
            used[index] = true
            data += DKIMCanonical.relaxedHeader(name: headers[index].name, value: headers[index].value)
            data += [0x0D, 0x0A]
        }
        data += DKIMCanonical.relaxedHeader(name: "DKIM-Signature", value: unsignedSignatureValue)
        return try key.sign(data).base64EncodedString()
    }
}
