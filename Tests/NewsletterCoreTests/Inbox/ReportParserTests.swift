import Foundation
import NewsletterCore
import Testing

/// The report parser on messages written here: each kind, encodings, attribution data.
struct ReportParserTests {
    static func dsn(status: String = "5.1.1", action: String = "failed", diagnostic: String = "550 5.1.1 <ann@example.net>: User unknown",
                    encoding: String? = nil, original: String = "Message-ID: <copy-1@clinic.example>\nList-Unsubscribe: <https://n.example/unsubscribe/dXx8YQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA>\n") -> String {
        var status822 = "Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; Ann@Example.NET\nAction: \(action)\nStatus: \(status)\nDiagnostic-Code: smtp; \(diagnostic)\n"
        var cte = ""
        if encoding == "base64" {
            status822 = Data(status822.utf8).base64EncodedString(options: .lineLength76Characters).replacingOccurrences(of: "\r\n", with: "\n") + "\n"
            cte = "Content-Transfer-Encoding: base64\n"
        }
        return """
        From: MAILER-DAEMON@mx.example.net
        To: bounces+1.2026-11-27.aaaaaaaaaaaaa@clinic.example
        Subject: Undelivered Mail Returned to Sender
        Message-ID: <dsn-1@mx.example.net>
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain

        Your message could not be delivered.

        --b1
        Content-Type: message/delivery-status
        \(cte)
        \(status822)
        --b1
        Content-Type: text/rfc822-headers

        Return-Path: <bounces+1.2026-11-27.aaaaaaaaaaaaa@clinic.example>
        \(original)
        --b1--

        """
    }

    @Test func aDSNGivesRecipientStatusActionVerdictAndAttributionData() {
        let r = ReportParser.parse(Array(Self.dsn().utf8))
        #expect(r.kind == .bounce && r.messageID == "dsn-1@mx.example.net")
        #expect(r.recipients == [ReportRecipient(email: "ann@example.net", status: "5.1.1", action: "failed", hard: true,
                                                 diagnostic: "550 5.1.1 <ann@example.net>: User unknown", reason: .userUnknown)])
        #expect(r.envelopeAddresses.contains("bounces+1.2026-11-27.aaaaaaaaaaaaa@clinic.example"))
        #expect(r.originalMessageIDs == ["copy-1@clinic.example"])
        #expect(r.unsubscribeTokens == ["dXx8YQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
        // Base64 does not change the reading.
        #expect(ReportParser.parse(Array(Self.dsn(encoding: "base64").utf8)).recipients == r.recipients)
    }

    @Test func aFullMailboxIsSoftAndADelayIsADelay() {
        let full = ReportParser.parse(Array(Self.dsn(status: "5.2.2", diagnostic: "552 5.2.2 Mailbox full").utf8))
        #expect(full.kind == .bounce && full.recipients.first?.hard == false && full.recipients.first?.reason == .mailboxFull)
        let later = ReportParser.parse(Array(Self.dsn(status: "4.4.1", action: "delayed", diagnostic: "connection timed out").utf8))
        #expect(later.kind == .delay && later.recipients.first?.hard == false)
        let blocked = ReportParser.parse(Array(Self.dsn(status: "5.7.1", diagnostic: "554 5.7.1 Service unavailable; client host blocked using zen.spamhaus.org").utf8))
        #expect(blocked.recipients.first?.hard == false && blocked.recipients.first?.reason == .blocked)
    }

    @Test func anARFReportIsAComplaint() {
        let arf = """
        From: feedback@fbl.example.org
        Subject: FW: Report
        Message-ID: <arf-1@fbl.example.org>
        Content-Type: multipart/report; report-type=feedback-report; boundary="x"

        --x
        Content-Type: text/plain

        This is an email abuse report.
        --x
        Content-Type: message/feedback-report

        Feedback-Type: abuse
        User-Agent: FBL/1.0
        Version: 1
        Original-Mail-From: <bounces+3.2026-11-27.bbbbbbbbbbbbb@clinic.example>
        Original-Rcpt-To: <cy@example.org>
        --x
        Content-Type: message/rfc822

        From: news@clinic.example
        To: cy@example.org
        Message-ID: <copy-3@clinic.example>
        Subject: Digest

        Hello
        --x--
        """
        let r = ReportParser.parse(Array(arf.utf8))
        #expect(r.kind == .complaint && r.feedbackType == "abuse")
        #expect(r.recipients.map(\.email) == ["cy@example.org"])
        #expect(r.envelopeAddresses.contains("bounces+3.2026-11-27.bbbbbbbbbbbbb@clinic.example"))
        #expect(r.originalMessageIDs == ["copy-3@clinic.example"])
    }

    @Test func autoRepliesAreNotBounces() {
        let vacation = """
        From: =?ISO-2022-JP?B?GyRCJWEhPCVrGyhC?= <dee@example.jp>
        To: bounces+4.2026-11-27.ccccccccccccc@clinic.example
        Subject: Out of Office: Digest
        Auto-Submitted: auto-replied
        In-Reply-To: <copy-4@clinic.example>
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: quoted-printable

        I am away until Monday; your mail to me will be read then. Caf=C3=A9.
        """
        let r = ReportParser.parse(Array(vacation.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        #expect(r.kind == .autoreply)
        #expect(r.recipients.first?.reason == .vacation && r.recipients.first?.hard == false)
        #expect(r.originalMessageIDs == ["copy-4@clinic.example"])
        #expect(r.recipients.first?.diagnostic?.contains("Café") == true)
    }

    @Test func aMailedUnsubscribeRequestCarriesItsToken() {
        let token = "dXx8ZWRAZXhhbXBsZS5jb20." + String(repeating: "Q", count: 43)
        let request = "From: Ed <ed@example.com>\nTo: bounces@clinic.example\nSubject: unsubscribe \(token)\nMessage-ID: <u1@example.com>\n\nunsubscribe\n"
        let r = ReportParser.parse(Array(request.utf8))
        #expect(r.kind == .unsubscribe && r.from == "ed@example.com" && r.unsubscribeTokens == [token])
        let plain = ReportParser.parse(Array("From: ed@example.com\nSubject: Hello\n\nHow are you?\n".utf8))
        #expect(plain.kind == .other && plain.recipients.isEmpty)
    }

    @Test func aQmailTextBounceIsRead() {
        let qmail = """
        From: MAILER-DAEMON@mx.example.org
        Subject: failure notice

        Hi. This is the qmail-send program at mx.example.org.
        I'm afraid I wasn't able to deliver your message to the following addresses.
        This is a permanent error; I've given up. Sorry it didn't work out.

        <fay@example.org>:
        Sorry, no mailbox here by that name. (#5.1.1)

        --- Below this line is a copy of the message.

        Message-ID: <copy-6@clinic.example>
        To: fay@example.org

        Hi
        """
        let r = ReportParser.parse(Array(qmail.utf8))
        #expect(r.kind == .bounce && r.recipients.map(\.email) == ["fay@example.org"])
        #expect(r.recipients.first?.status == "5.1.1" && r.recipients.first?.hard == true)
        #expect(r.originalMessageIDs == ["copy-6@clinic.example"])
    }

    @Test func anSESNotificationIsReadFromMailOrFromAWebhookBody() {
        let json = #"{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General","feedbackId":"f-1","bouncedRecipients":[{"emailAddress":"gus@example.com","action":"failed","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}]},"mail":{"messageId":"ses-1","commonHeaders":{"messageId":"<copy-7@clinic.example>"}}}"#
        let n = SESNotification(json: Data(json.utf8))
        #expect(n?.kind == .bounce && n?.eventID == "f-1" && n?.recipients.first?.hard == true)
        #expect(n?.originalMessageIDs == ["ses-1", "copy-7@clinic.example"])
        let mailed = ReportParser.parse(Array("From: no-reply@sns.amazonaws.com\nSubject: AWS Notification Message\n\n\(json)\n--\nunsubscribe link\n".utf8))
        #expect(mailed.kind == .bounce && mailed.recipients.map(\.email) == ["gus@example.com"])
    }

    /// A mailer daemon's notice of delivery names recipients too: it is not a bounce.
    @Test func aDeliveryNoticeIsNotABounce() {
        let notice = """
            From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
            To: news@harborlight.example
            Subject: Delivery Status Notification (Relay)

            Your message has been delivered to the following recipients:

            ann@example.net
            ben@example.net: relayed to mx2.example.net

            """
        let report = ReportParser.parse(Array(notice.utf8))
        #expect(report.kind != .bounce && report.recipients.allSatisfy { $0.action != "failed" }, "\(report)")
        let exchange = notice.replacingOccurrences(of: "Delivery Status Notification (Relay)", with: "Delivered: This week")
            .replacingOccurrences(of: "Your message has been delivered to the following recipients:", with: "Your message to the people below reached them.")
        #expect(ReportParser.parse(Array(exchange.utf8)).kind != .bounce)
    }

    @Test func garbageNeverCrashes() {
        for input in ["", "\n\n\n", "Content-Type: multipart/report; boundary=\"\"\n\n--\n--\n", String(repeating: "=?utf-8?B?", count: 500),
                      "Content-Type: multipart/mixed; boundary=a\n\n" + String(repeating: "--a\nContent-Type: multipart/mixed; boundary=a\n\n", count: 200)] {
            _ = ReportParser.parse(Array(input.utf8))
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let bytes = (0..<2000).map { _ in UInt8.random(in: 0...255, using: &random) }
            _ = ReportParser.parse(bytes)
        }
    }

    /// Inputs built to hurt: 50,000 nested parts (with one boundary and with 50,000), a
    /// 30 MB header line, a 30 MB body line. Each is read, once, without a crash; the time
    /// is the benchmark's to measure (`Scripts/bench-inbox.sh`), not a test's.
    @Test func hostileShapesAreReadWithoutACrash() {
        var nested = "From: MAILER-DAEMON@x.example\nSubject: Undelivered Mail\nContent-Type: multipart/mixed; boundary=b0\n\n"
        for i in 1..<50_000 { nested += "--b\(i - 1)\nContent-Type: multipart/mixed; boundary=b\(i)\n\n" }
        nested += "--b49999\nContent-Type: text/plain\n\nUser unknown: ann@example.com\n"
        _ = ReportParser.parse(Array(nested.utf8))
        let same = "From: MAILER-DAEMON@x.example\nContent-Type: multipart/mixed; boundary=a\n\n"
            + String(repeating: "--a\nContent-Type: multipart/mixed; boundary=a\n\n", count: 50_000)
        _ = ReportParser.parse(Array(same.utf8))
        let longHeader = "From: MAILER-DAEMON@x.example\nSubject: " + String(repeating: "x", count: 30_000_000) + "\n\nbody\n"
        let header = ReportParser.parse(Array(longHeader.utf8))
        #expect(header.kind == .other)
        let longBody = "From: MAILER-DAEMON@x.example\nSubject: Undelivered\n\n" + String(repeating: "bob@example.com ", count: 2_000_000) + "\n"
        _ = ReportParser.parse(Array(longBody.utf8))
    }
}
