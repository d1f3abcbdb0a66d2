import Foundation
import NewsletterCore
import Testing

/// Amazon SNS messages read and verified in the core, signed by an independent signer
/// (`Tests/PythonHelpers/webhook_sign.py`, the `cryptography` package) with a fresh key.
@Suite struct SNSMessageTests {
    static let now = Date()

    static func fields(_ type: String = "Notification", message: String = #"{"notificationType":"Bounce"}"#) -> [String: Any] {
        var f: [String: Any] = ["Type": type, "MessageId": "m-1", "TopicArn": "arn:aws:sns:us-east-1:1:ses", "Message": message,
                                "Timestamp": ISO8601DateFormatter().string(from: now),
                                "SigningCertURL": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem"]
        if type == "Notification" { f["Subject"] = "Amazon SES Email Event Notification" } else {
            f["SubscribeURL"] = "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=t"
            f["Token"] = "t"
        }
        return f
    }

    /// Signs each message; returns the certificate and the signed messages.
    static func sign(_ messages: [(fields: [String: Any], version: String)]) throws -> (certificate: String, messages: [Data]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Corpus.packageRoot.appendingPathComponent("Tests/PythonHelpers/webhook_sign.py").path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let job: [String: Any] = ["sns": messages.map { ["fields": $0.fields, "version": $0.version] }]
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: job))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let out = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let signed = try #require(out["sns"] as? [[String: Any]])
        return (try #require(out["sns_certificate"] as? String), try signed.map { try JSONSerialization.data(withJSONObject: $0) })
    }

    @Test func bothSignatureVersionsOfBothMessageTypesVerify() throws {
        let (certificate, messages) = try Self.sign([(Self.fields(), "1"), (Self.fields(), "2"), (Self.fields("SubscriptionConfirmation"), "2")])
        for data in messages {
            let message = try SNSMessage(json: data)
            try message.verify(certificatePEM: certificate, now: Self.now)
            #expect(message.certificateName == "SimpleNotificationService-abc.pem")
        }
        #expect(try SNSMessage(json: messages[2]).subscribeURL?.hasPrefix("https://sns.us-east-1.amazonaws.com/") == true)
    }

    @Test func aChangedFieldAStaleTimestampOrAnotherKeyIsRefused() throws {
        var old = Self.fields()
        old["Timestamp"] = ISO8601DateFormatter().string(from: Self.now.addingTimeInterval(-3600))
        let (certificate, messages) = try Self.sign([(Self.fields(), "2"), (old, "2")])
        var tampered = try SNSMessage(json: messages[0])
        tampered.message = #"{"notificationType":"Complaint"}"#
        #expect(throws: WebhookError.forged("The SNS message's signature does not verify with its signing certificate.")) {
            try tampered.verify(certificatePEM: certificate, now: Self.now)
        }
        #expect(throws: WebhookError.stale("The SNS request's timestamp is more than 5 minutes off.")) {
            try SNSMessage(json: messages[1]).verify(certificatePEM: certificate, now: Self.now)
        }
        let (otherCertificate, _) = try Self.sign([])
        #expect(throws: WebhookError.self) { try SNSMessage(json: messages[0]).verify(certificatePEM: otherCertificate, now: Self.now) }
        #expect(throws: WebhookError.unsigned("The SNS signing certificate cannot be read.")) {
            try SNSMessage(json: messages[0]).verify(certificatePEM: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", now: Self.now)
        }
        var unknownVersion = try SNSMessage(json: messages[0])
        unknownVersion.signatureVersion = "3"
        #expect(throws: WebhookError.self) { try unknownVersion.verify(certificatePEM: certificate, now: Self.now) }
    }

    @Test func certificatesComeOnlyFromAWSEndpoints() throws {
        for good in ["https://sns.us-east-1.amazonaws.com/x.pem", "https://sns.cn-north-1.amazonaws.com.cn/x.pem"] {
            #expect(SNSMessage.isAWSEndpoint(good), "\(good)")
        }
        for bad in ["http://sns.us-east-1.amazonaws.com/x.pem", "https://sns.us-east-1.amazonaws.com.evil.example/x.pem",
                    "https://evil.example/sns.us-east-1.amazonaws.com/x.pem", "https://user@sns.us-east-1.amazonaws.com/x.pem",
                    "https://sns.us-east-1.amazonaws.com:8443/x.pem", "https://sns..amazonaws.com/x.pem", "https://s3.amazonaws.com/x.pem"] {
            #expect(!SNSMessage.isAWSEndpoint(bad), "\(bad)")
        }
        var f = Self.fields()
        f["Signature"] = "AA=="
        f["SigningCertURL"] = "https://sns.us-east-1.amazonaws.com/../../etc/passwd"
        #expect(try SNSMessage(json: JSONSerialization.data(withJSONObject: f)).certificateName == nil)
    }

    @Test func aMessageWithoutItsFieldsSaysWhichIsMissing() throws {
        #expect(throws: WebhookError.malformed("The SNS request's body is not a JSON object.")) { try SNSMessage(json: Data("[1]".utf8)) }
        var f = Self.fields()
        f["Signature"] = "AA=="
        f["TopicArn"] = nil
        #expect(throws: WebhookError.malformed("The SNS message has no TopicArn.")) { try SNSMessage(json: JSONSerialization.data(withJSONObject: f)) }
    }

    @Test func aNotificationCarriesTheSESEventAsAReport() throws {
        let ses = #"{"notificationType":"Bounce","mail":{"messageId":"ses-1","commonHeaders":{"messageId":"<copy-1@news.example>"}},"bounce":{"bounceType":"Permanent","bounceSubType":"NoEmail","feedbackId":"fb-1","bouncedRecipients":[{"emailAddress":"Ana <ana@example.org>","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}]}}"#
        var f = Self.fields(message: ses)
        f["Signature"] = "AA=="
        let event = try #require(try SNSMessage(json: JSONSerialization.data(withJSONObject: f)).sesEvent())
        #expect(event.key == "ses:m-1")
        #expect(event.report.kind == .bounce)
        #expect(event.report.recipients.map(\.email) == ["ana@example.org"])
        #expect(event.report.recipients.first?.hard == true)
        #expect(event.report.recipients.first?.diagnostic == "550 5.1.1 user unknown")
        #expect(event.report.originalMessageIDs.contains("copy-1@news.example"))
        f["Message"] = "not json"
        #expect(try SNSMessage(json: JSONSerialization.data(withJSONObject: f)).sesEvent() == nil)
    }
}
