import Crypto
import _CryptoExtras
import Foundation

/// An Amazon SNS HTTP(S) message (`Notification`, `SubscriptionConfirmation`), verified as
/// AWS documents ("Verifying the signatures of Amazon SNS messages"): the fields in their
/// fixed order, each name and value on its own line, signed with RSA and SHA1
/// (`SignatureVersion` 1) or SHA256 (2) by the key of the certificate at `SigningCertURL`,
/// which must be on `https://sns.REGION.amazonaws.com/`.
public struct SNSMessage: Sendable, Equatable {
    public var type: String
    public var messageID: String
    public var topicARN: String
    public var message: String
    public var timestamp: String
    public var signatureVersion: String
    public var signature: String
    public var signingCertURL: String
    public var subject: String?
    public var subscribeURL: String?
    public var token: String?

    public init(json: Data) throws(WebhookError) {
        guard let o = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw .malformed("The SNS request's body is not a JSON object.")
        }
        func field(_ name: String) throws(WebhookError) -> String {
            guard let value = o[name] as? String else { throw .malformed("The SNS message has no \(name).") }
            return value
        }
        type = try field("Type")
        messageID = try field("MessageId")
        topicARN = try field("TopicArn")
        message = try field("Message")
        timestamp = try field("Timestamp")
        signatureVersion = (o["SignatureVersion"] as? String) ?? "1"
        signature = try field("Signature")
        signingCertURL = try field("SigningCertURL")
        subject = o["Subject"] as? String
        subscribeURL = o["SubscribeURL"] as? String
        token = o["Token"] as? String
    }

    /// The text SNS signs.
    public var stringToSign: String {
        var pairs: [(String, String?)] = [("Message", message), ("MessageId", messageID)]
        if type == "Notification" {
            pairs.append(("Subject", subject))
            pairs += [("Timestamp", timestamp), ("TopicArn", topicARN), ("Type", type)]
        } else {
            pairs += [("SubscribeURL", subscribeURL), ("Timestamp", timestamp), ("Token", token), ("TopicArn", topicARN), ("Type", type)]
        }
        return pairs.compactMap { name, value in value.map { "\(name)\n\($0)\n" } }.joined()
    }

    /// Whether a URL is an SNS endpoint of AWS: https, `sns.REGION.amazonaws.com` (or
    /// `.com.cn`), no user or port. Certificates and confirmations go only there.
    public static func isAWSEndpoint(_ url: String) -> Bool {
        guard let c = URLComponents(string: url), c.scheme == "https", c.user == nil, c.port == nil, let host = c.host?.lowercased() else { return false }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 4, labels[0] == "sns", labels[1].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), !labels[1].isEmpty else { return false }
        let rest = labels.dropFirst(2).joined(separator: ".")
        return rest == "amazonaws.com" || rest == "amazonaws.com.cn"
    }

    /// The certificate's file name: the last path segment of `SigningCertURL`.
    public var certificateName: String? {
        guard Self.isAWSEndpoint(signingCertURL), let name = URLComponents(string: signingCertURL)?.path.split(separator: "/").last,
              name.hasSuffix(".pem"), name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }), !name.hasPrefix(".") else { return nil }
        return String(name)
    }

    /// Checks the signature with the certificate (PEM) and the timestamp.
    public func verify(certificatePEM: String, now: Date) throws(WebhookError) {
        guard let spki = X509PublicKey.subjectPublicKeyInfo(pem: certificatePEM),
              let key = try? _RSA.Signing.PublicKey(derRepresentation: spki) else {
            throw .unsigned("The SNS signing certificate cannot be read.")
        }
        guard let raw = Data(base64Encoded: signature) else { throw .forged("The SNS message's signature is not base64.") }
        let sig = _RSA.Signing.RSASignature(rawRepresentation: raw)
        let data = Data(stringToSign.utf8)
        let valid: Bool
        switch signatureVersion {
        case "1": valid = key.isValidSignature(sig, for: Insecure.SHA1.hash(data: data), padding: .insecurePKCS1v1_5)
        case "2": valid = key.isValidSignature(sig, for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5)
        default: throw .unsigned("The SNS message's SignatureVersion \(signatureVersion) is not 1 or 2.")
        }
        guard valid else { throw .forged("The SNS message's signature does not verify with its signing certificate.") }
        guard let time = SNSMessage.parseTime(timestamp) else { throw .malformed("The SNS message's Timestamp is not a date.") }
        try WebhookTime.check(time, now: now.timeIntervalSince1970, provider: "SNS")
    }

    static func parseTime(_ s: String) -> Double? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: s) { return d.timeIntervalSince1970 }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: s)?.timeIntervalSince1970
    }

    /// The SES events the notification carries.
    public func sesEvent() -> WebhookEvent? {
        guard let n = SESNotification(json: Data(message.utf8)) else { return nil }
        let report = InboundReport(kind: n.kind, messageID: "ses:" + messageID, recipients: n.recipients, feedbackType: n.feedbackType,
                                   originalMessageIDs: n.originalMessageIDs,
                                   from: n.kind == .unsubscribe ? n.recipients.first?.email : nil)
        return WebhookEvent(report: report, key: "ses:" + messageID)
    }
}

/// The SubjectPublicKeyInfo of an X.509 certificate (RFC 5280 §4.1), found by walking its
/// DER: Certificate → tbsCertificate → [version], serial, signature, issuer, validity,
/// subject, subjectPublicKeyInfo.
enum X509PublicKey {
    static func subjectPublicKeyInfo(pem: String) -> [UInt8]? {
        let body = pem.components(separatedBy: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let der = Data(base64Encoded: body.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        let bytes = [UInt8](der)
        guard let cert = element(bytes, at: 0), bytes[0] == 0x30,
              let tbs = element(bytes, at: cert.contentStart), bytes[cert.contentStart] == 0x30 else { return nil }
        var at = tbs.contentStart
        if bytes[at] == 0xA0, let version = element(bytes, at: at) { at = version.end }
        for _ in 0..<5 { // serial, signature, issuer, validity, subject
            guard let e = element(bytes, at: at) else { return nil }
            at = e.end
        }
        guard at < bytes.count, bytes[at] == 0x30, let spki = element(bytes, at: at) else { return nil }
        return Array(bytes[at..<spki.end])
    }

    /// A DER element's content start and end, or nil.
    static func element(_ b: [UInt8], at i: Int) -> (contentStart: Int, end: Int)? {
        guard i + 1 < b.count else { return nil }
        var length = Int(b[i + 1])
        var start = i + 2
        if length & 0x80 != 0 {
            let n = length & 0x7F
            guard n >= 1, n <= 4, start + n <= b.count else { return nil }
            length = b[start..<(start + n)].reduce(0) { $0 << 8 | Int($1) }
            start += n
        }
        guard start + length <= b.count else { return nil }
        return (start, start + length)
    }
}
