import Crypto
import Foundation
import NewsletterCore
import NewsletterServer
import Testing

/// The email services' webhooks, with requests signed as each provider documents, by keys
/// and a certificate made here (Python's `cryptography` for SendGrid and SNS), and forged,
/// stale and replayed ones.
struct WebhookTests {
    static let now = WebHarness.now
    static var stamp: String { String(Int(now.timeIntervalSince1970)) }

    func harness(_ configure: @escaping (inout WebSettings) -> Void, fetch: @escaping @Sendable (String) async throws -> Data = { _ in throw URLError(.cannotConnectToHost) }) async throws -> WebHarness {
        let web = try WebHarness(configure: configure, fetch: fetch)
        for who in ["ann@example.net", "bob@example.net", "cy@example.net"] {
            _ = try await web.store.subscribers.add(who, name: nil, confirmed: true, source: .cli, now: Self.now)
        }
        return web
    }

    func status(_ web: WebHarness, _ email: String) async throws -> SubscriberStatus? {
        try await web.store.subscribers.subscriber(email)?.status
    }

    static func sign(_ job: [String: Any]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("PythonHelpers/webhook_sign.py").path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: job))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func webhooksWithoutTheirSecretAnswer404() async throws {
        let web = try await harness { _ in }
        for provider in ["mailgun", "postmark", "sendgrid", "ses", "other"] {
            #expect(try await web.request(.post, "/webhooks/\(provider)", body: "{}", type: "application/json").status == 404)
        }
    }

    @Test func mailgunVerifiesTheHMACRefusesStaleAndForgedAndReplaysChangeNothing() async throws {
        let key = "mailgun-signing-key"
        let web = try await harness { $0.mailgunSigningKey = key }
        func body(token: String, timestamp: String, event: String, recipient: String, signature: String? = nil) -> String {
            let mac = HMAC<SHA256>.authenticationCode(for: Data((timestamp + token).utf8), using: SymmetricKey(data: Data(key.utf8)))
            let hex = signature ?? mac.map { String(format: "%02x", $0) }.joined()
            return #"{"signature":{"timestamp":"\#(timestamp)","token":"\#(token)","signature":"\#(hex)"},"event-data":{"id":"ev-\#(token)","event":"\#(event)","severity":"permanent","recipient":"\#(recipient)","delivery-status":{"code":550,"message":"5.1.1 The email account that you tried to reach does not exist","description":""}}}"#
        }
        let good = body(token: "t1", timestamp: Self.stamp, event: "failed", recipient: "ann@example.net")
        let r = try await web.request(.post, "/webhooks/mailgun", body: good, type: "application/json")
        #expect(r.status == 200 && r.text.contains(#""action":"bounced""#), "\(r.text)")
        #expect(try await status(web, "ann@example.net") == .bounced)
        // The same signed request again: nothing more.
        let replay = try await web.request(.post, "/webhooks/mailgun", body: good, type: "application/json")
        #expect(replay.status == 200 && replay.text.contains("duplicate"))
        #expect(try await web.store.subscribers.events(of: try #require(try await web.store.subscribers.subscriber("ann@example.net"))).count == 2)
        // Forged and stale: 401, nothing changes.
        let forged = body(token: "t2", timestamp: Self.stamp, event: "complained", recipient: "bob@example.net", signature: String(repeating: "0", count: 64))
        #expect(try await web.request(.post, "/webhooks/mailgun", body: forged, type: "application/json").status == 401)
        let stale = body(token: "t3", timestamp: String(Int(Self.now.timeIntervalSince1970) - 600), event: "complained", recipient: "bob@example.net")
        let staleAnswer = try await web.request(.post, "/webhooks/mailgun", body: stale, type: "application/json")
        #expect(staleAnswer.status == 401 && staleAnswer.text.contains("more than 5 minutes off"))
        #expect(try await status(web, "bob@example.net") == .confirmed)
        let complaint = body(token: "t4", timestamp: Self.stamp, event: "complained", recipient: "bob@example.net")
        #expect(try await web.request(.post, "/webhooks/mailgun", body: complaint, type: "application/json").status == 200)
        #expect(try await status(web, "bob@example.net") == .complained)
    }

    @Test func postmarkChecksBasicAuth() async throws {
        let web = try await harness { $0.postmarkPassword = "pm-secret" }
        let bounce = #"{"RecordType":"Bounce","ID":4323372036854775807,"Type":"HardBounce","TypeCode":1,"Email":"cy@example.net","Description":"The server was unable to deliver your message (ex: unknown user, mailbox not found).","Details":"smtp;550 5.1.1 The email account that you tried to reach does not exist.","MessageID":"883953f4-6105-42a2-a16a-77a8eac79483"}"#
        let wrong = "Basic " + Data("postmark:nope".utf8).base64EncodedString()
        #expect(try await web.request(.post, "/webhooks/postmark", body: bounce, type: "application/json", headers: ["Authorization": wrong]).status == 401)
        #expect(try await web.request(.post, "/webhooks/postmark", body: bounce, type: "application/json").status == 401)
        #expect(try await status(web, "cy@example.net") == .confirmed)
        let right = "Basic " + Data("anyone:pm-secret".utf8).base64EncodedString()
        let ok = try await web.request(.post, "/webhooks/postmark", body: bounce, type: "application/json", headers: ["Authorization": right])
        #expect(ok.status == 200 && ok.text.contains(#""action":"bounced""#), "\(ok.text)")
        let again = try await web.request(.post, "/webhooks/postmark", body: bounce, type: "application/json", headers: ["Authorization": right])
        #expect(again.text.contains(#""duplicate":true"#))
        #expect(try await status(web, "cy@example.net") == .bounced)
    }

    @Test func sendgridVerifiesTheECDSASignature() async throws {
        let events = #"[{"email":"bob@example.net","event":"spamreport","sg_event_id":"sg-1","sg_message_id":"m1","timestamp":1795770000},{"email":"cy@example.net","event":"bounce","type":"bounce","status":"5.1.1","reason":"550 5.1.1 user unknown","sg_event_id":"sg-2"}]"#
        let stale = String(Int(Self.now.timeIntervalSince1970) - 3600)
        let signed = try Self.sign(["sendgrid": [["timestamp": Self.stamp, "body": events], ["timestamp": stale, "body": events]]])
        let key = try #require(signed["sendgrid_key"] as? String)
        let signatures = try #require(signed["sendgrid"] as? [String])
        let web = try await harness { $0.sendgridPublicKey = key }
        func post(_ body: String, signature: String, timestamp: String) async throws -> WebHarness.Answer {
            try await web.request(.post, "/webhooks/sendgrid", body: body, type: "application/json",
                                  headers: [SendGridWebhook.signatureHeader: signature, SendGridWebhook.timestampHeader: timestamp])
        }
        // An altered body, and a stale timestamp, are refused.
        #expect(try await post(events.replacingOccurrences(of: "bob@", with: "ann@"), signature: signatures[0], timestamp: Self.stamp).status == 401)
        #expect(try await post(events, signature: signatures[1], timestamp: stale).status == 401)
        #expect(try await status(web, "bob@example.net") == .confirmed)
        let ok = try await post(events, signature: signatures[0], timestamp: Self.stamp)
        #expect(ok.status == 200, "\(ok.text)")
        #expect(try await status(web, "bob@example.net") == .complained)
        #expect(try await status(web, "cy@example.net") == .bounced)
        let replay = try await post(events, signature: signatures[0], timestamp: Self.stamp)
        #expect(replay.status == 200 && !replay.text.contains(#""duplicate":false"#), "\(replay.text)")
    }

    @Test func sesThroughSNSVerifiesVersions1And2WithTheKeptCertificateAndConfirmsSubscriptions() async throws {
        let topic = "arn:aws:sns:us-east-1:123456789012:ses-bounces"
        let certURL = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem"
        let iso = "2026-11-27T09:00:00.000Z"
        let bounce = #"{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General","bouncedRecipients":[{"emailAddress":"ann@example.net","action":"failed","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}],"feedbackId":"fb-1"},"mail":{"messageId":"ses-1"}}"#
        let complaint = #"{"notificationType":"Complaint","complaint":{"complainedRecipients":[{"emailAddress":"bob@example.net"}],"complaintFeedbackType":"abuse","feedbackId":"fb-2"},"mail":{"messageId":"ses-2"}}"#
        func note(_ id: String, _ message: String, topic: String = topic, timestamp: String = iso) -> [String: Any] {
            ["Type": "Notification", "MessageId": id, "TopicArn": topic, "Message": message, "Timestamp": timestamp, "SigningCertURL": certURL, "Subject": "Amazon SES Email Event Notification"]
        }
        let confirm: [String: Any] = ["Type": "SubscriptionConfirmation", "MessageId": "c-1", "TopicArn": topic, "Token": "tok",
                                      "Message": "You have chosen to subscribe to the topic.", "Timestamp": iso, "SigningCertURL": certURL,
                                      "SubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=\(topic)&Token=tok"]
        let signed = try Self.sign(["sns": [
            ["fields": note("n-1", bounce), "version": "1"],
            ["fields": note("n-2", complaint), "version": "2"],
            ["fields": note("n-3", complaint, topic: "arn:aws:sns:us-east-1:123456789012:other"), "version": "2"],
            ["fields": note("n-4", complaint, timestamp: "2026-11-27T08:00:00.000Z"), "version": "2"],
            ["fields": confirm, "version": "2"],
        ]])
        let pem = try #require(signed["sns_certificate"] as? String)
        let messages = try #require(signed["sns"] as? [[String: Any]]).map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        let fetched = Fetched()
        let web = try await harness({ $0.sesTopicARN = topic }, fetch: { url in
            await fetched.add(url)
            if url == certURL { return Data(pem.utf8) }
            return Data("<ConfirmSubscriptionResponse/>".utf8)
        })
        func post(_ body: String) async throws -> WebHarness.Answer {
            try await web.request(.post, "/webhooks/ses", body: body, type: "text/plain; charset=UTF-8")
        }
        // Version 1 (SHA1): the certificate is fetched from SNS once and kept.
        let first = try await post(messages[0])
        #expect(first.status == 200 && first.text.contains(#""action":"bounced""#), "\(first.text)")
        #expect(try await status(web, "ann@example.net") == .bounced)
        #expect(FileManager.default.fileExists(atPath: web.dir.appendingPathComponent("sns-certs/SimpleNotificationService-0123456789abcdef.pem").path))
        // Version 2 (SHA256), with the kept certificate: no second fetch.
        #expect(try await post(messages[1]).status == 200)
        #expect(try await status(web, "bob@example.net") == .complained)
        #expect(await fetched.urls == [certURL])
        // Another topic, a stale timestamp, an altered message, a replay: nothing changes.
        #expect(try await post(messages[2]).status == 401)
        #expect(try await post(messages[3]).status == 401)
        let altered = messages[1].replacingOccurrences(of: "bob@example.net", with: "cy@example.net")
        #expect(try await post(altered).status == 401)
        #expect(try await post(messages[1]).text.contains(#""duplicate":true"#))
        #expect(try await status(web, "cy@example.net") == .confirmed)
        // A certificate URL off AWS is never fetched.
        let offAWS = messages[1].replacingOccurrences(of: "sns.us-east-1.amazonaws.com", with: "sns.us-east-1.amazonaws.com.evil.example")
        #expect(try await post(offAWS).status == 401)
        // The subscription confirmation is verified, then confirmed by visiting SubscribeURL.
        let confirmed = try await post(messages[4])
        #expect(confirmed.status == 200 && confirmed.text.contains("confirmed"), "\(confirmed.text)")
        #expect(await fetched.urls.last?.hasPrefix("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription") == true)
    }
}

actor Fetched {
    var urls: [String] = []
    func add(_ url: String) { urls.append(url) }
}
