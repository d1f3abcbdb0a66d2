import Crypto
import Foundation
import NewsletterCore
import TestProcesses
import Testing

/// `newsletter inbox` end to end: a send through aiosmtpd with VERP envelope senders, then
/// reports for those copies on stdin, in a Maildir, and from a real Dovecot over IMAP and
/// POP3; the policy (soft-bounce counting, complaints, mailed unsubscribes), replays and
/// forged tags.
@Suite(.enabled(if: BuiltBinary.available, "build the newsletter executable first"))
struct InboxCommandTests {
    static let secret = "inbox-test-secret-0123456789abcdef0123"
    static let base: [String: String] = [
        "NEWSLETTER_SECRET": secret, "NEWSLETTER_FROM": "Harbor Light <news@harborlight.example>",
        "NEWSLETTER_BOUNCE_ADDRESS": "bounces@harborlight.example", "NEWSLETTER_NOW": "2026-11-27T09:00:00Z",
        "NEWSLETTER_BASE_URL": "https://news.harborlight.example",
    ]

    func people(_ count: Int = 3) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("inbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var csv = "email,name\n"
        for i in 0..<count { csv += "p\(i)@example.net,P \(i)\n" }
        try Data(csv.utf8).write(to: dir.appendingPathComponent("people.csv"))
        _ = try CLIRunner.run(["subscribers", "import", "people.csv", "--confirmed"], environment: Self.base, in: dir)
        return dir
    }

    func status(_ email: String, in dir: URL) throws -> [String: Any] {
        let r = try CLIRunner.run(["subscribers", "show", email, "--json"], environment: Self.base, in: dir)
        return (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]) ?? [:]
    }

    func verp(_ id: Int64, issue: String) -> String {
        VERPTag(subscriberID: id, issueID: issue).address(base: "bounces@harborlight.example", secret: SymmetricKey(data: Data(Self.secret.utf8)))
    }

    static func dsn(to envelope: String, recipient: String, id: String, status: String = "5.1.1",
                    diagnostic: String = "550 5.1.1 <RCPT>: Recipient address rejected: User unknown in local recipient table") -> Data {
        let text = """
        Return-Path: <>
        From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
        To: \(envelope)
        Subject: Undelivered Mail Returned to Sender
        Message-ID: <\(id)@mx.example.net>
        Date: Fri, 27 Nov 2026 09:05:00 +0000
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="BND"

        --BND
        Content-Type: text/plain; charset=us-ascii

        This is the mail system at host mx.example.net.

        I'm sorry to have to inform you that your message could not
        be delivered to one or more recipients.

        <\(recipient)>: host mx.example.net[192.0.2.1] said: \(diagnostic.replacingOccurrences(of: "RCPT", with: recipient))
            (in reply to RCPT TO command)

        --BND
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.net

        Final-Recipient: rfc822; \(recipient)
        Action: failed
        Status: \(status)
        Diagnostic-Code: smtp; \(diagnostic.replacingOccurrences(of: "RCPT", with: recipient))

        --BND
        Content-Type: text/rfc822-headers

        Return-Path: <\(envelope)>
        From: Harbor Light <news@harborlight.example>
        To: <\(recipient)>
        Subject: Digest

        --BND--

        """
        return Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    func json(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    @Test func aSendShowsVERPSendersAndABounceOnStdinOrInAMaildirBouncesExactlyThatSubscriber() throws {
        let smtp = try SMTPServer()
        let dir = try people()
        var env = Self.base
        env["NEWSLETTER_SMTP_URL"] = smtp.url
        let sent = try CLIRunner.run(["send", "--since", "30d"], environment: env, in: dir)
        #expect(sent.status == 0, "\(sent.stderr)")
        let senders = Dictionary(uniqueKeysWithValues: try smtp.envelopeSenders().map { ($0.recipient, $0.sender) })
        #expect(senders.count == 3)
        for i in 0..<3 {
            // Each copy's MAIL FROM carries its subscriber's signed tag.
            #expect(senders["p\(i)@example.net"] == verp(Int64(i + 1), issue: "2026-11-27"), "\(senders)")
        }
        let p1 = try #require(senders["p1@example.net"])
        // Sisimai, an independent analyser, reads the test's DSN as a hard bounce of p1.
        let report = Self.dsn(to: p1, recipient: "p1@example.net", id: "dsn-p1")
        if let sisimai = try? Sisimai.dump(report) {
            #expect(sisimai.first?["recipient"] as? String == "p1@example.net" && sisimai.first?["softbounce"] as? Int == 0, "\(sisimai)")
        }
        let piped = try CLIRunner.run(["inbox", "-", "--json"], environment: Self.base, in: dir, stdin: report)
        #expect(piped.status == 0, "\(piped.stderr)")
        let first = try json(piped.stdout)[0]
        #expect(first["kind"] as? String == "bounce" && first["subscriber"] as? String == "p1@example.net")
        #expect(first["issue"] as? String == "2026-11-27" && first["action"] as? String == "bounced")
        #expect(try status("p1@example.net", in: dir)["status"] as? String == "bounced")
        #expect(try status("p0@example.net", in: dir)["status"] as? String == "confirmed")
        // The consent log names the report.
        let events = try #require(try status("p1@example.net", in: dir)["events"] as? [[String: Any]])
        #expect((events.last?["detail"] as? String)?.hasPrefix("report <dsn-p1@mx.example.net>; bounce; 5.1.1; 550 5.1.1") == true, "\(events)")
        // The same report again changes nothing.
        let again = try CLIRunner.run(["inbox", "-", "--json"], environment: Self.base, in: dir, stdin: report)
        #expect(try json(again.stdout)[0]["action"] as? String == "none" && json(again.stdout)[0]["duplicate"] as? Bool == true)
        #expect(try (status("p1@example.net", in: dir)["events"] as? [[String: Any]])?.count == events.count)

        // A Maildir: the bounce of p2 is processed into cur/ with the S flag; a file that is
        // not mail stays in new/ and is named.
        let maildir = dir.appendingPathComponent("Bounces")
        for sub in ["new", "cur", "tmp"] { try FileManager.default.createDirectory(at: maildir.appendingPathComponent(sub), withIntermediateDirectories: true) }
        try Self.dsn(to: try #require(senders["p2@example.net"]), recipient: "p2@example.net", id: "dsn-p2").write(to: maildir.appendingPathComponent("new/1796000000.1.host"))
        try Data("\u{0}\u{1}garbage".utf8).write(to: maildir.appendingPathComponent("new/1796000001.2.host"))
        let box = try CLIRunner.run(["inbox", "Bounces"], environment: Self.base, in: dir)
        #expect(box.status == 1)
        #expect(box.stdout.contains("1796000000.1.host\tbounce\tp2@example.net 5.1.1 hard\t→ p2@example.net (issue 2026-11-27)\tbounced"), "\(box.stdout)")
        #expect(box.stderr.contains("message 1796000001.2.host is not an email (no header fields); it was left where it is."), "\(box.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("cur").path) == ["1796000000.1.host:2,S"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("new").path) == ["1796000001.2.host"])
        #expect(try status("p2@example.net", in: dir)["status"] as? String == "bounced")
        #expect(try status("p0@example.net", in: dir)["status"] as? String == "confirmed")
        // parse and --dry-run change nothing.
        try Self.dsn(to: try #require(senders["p0@example.net"]), recipient: "p0@example.net", id: "dsn-p0").write(to: maildir.appendingPathComponent("new/1796000002.3.host"))
        let parsed = try CLIRunner.run(["inbox", "parse", "Bounces/new/1796000002.3.host", "--json"], environment: Self.base, in: dir)
        #expect(try json(parsed.stdout)[0]["action"] as? String == "bounced")
        _ = try CLIRunner.run(["inbox", "Bounces", "--dry-run"], environment: Self.base, in: dir)
        #expect(try status("p0@example.net", in: dir)["status"] as? String == "confirmed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("new").path).count == 2)
    }

    @Test(.enabled(if: DovecotServer.available, "Dovecot is not installed"))
    func reportsAreReadFromDovecotOverIMAPAndPOP3() throws {
        let dovecot = try DovecotServer()
        let dir = try people()
        var env = Self.base
        env["NEWSLETTER_INBOX_PASSWORD"] = dovecot.password
        env["NEWSLETTER_INBOX_CA_FILE"] = dovecot.caFile
        // IMAP with STARTTLS: the bounce of p0 bounces p0 and is left \Seen.
        try dovecot.deliver(Self.dsn(to: verp(1, issue: "2026-11-27"), recipient: "p0@example.net", id: "imap-1"))
        env["NEWSLETTER_INBOX"] = "imap://\(dovecot.user)@127.0.0.1:\(dovecot.imap)/INBOX"
        let imap = try CLIRunner.run(["inbox", "--json"], environment: env, in: dir)
        #expect(imap.status == 0, "\(imap.stderr)")
        #expect(try json(imap.stdout).map { $0["action"] as? String } == ["bounced"])
        #expect(try status("p0@example.net", in: dir)["status"] as? String == "bounced")
        #expect(try status("p1@example.net", in: dir)["status"] as? String == "confirmed")
        let seen = dovecot.folders()
        #expect(seen.new.isEmpty && seen.cur.count == 1 && seen.cur[0].hasSuffix(",S"), "\(seen)")
        // Read again: nothing unseen, nothing done.
        #expect(try json(CLIRunner.run(["inbox", "--json"], environment: env, in: dir).stdout).isEmpty)
        // IMAPS, with a wrong password: one clear sentence, nothing changes.
        var wrong = env
        wrong["NEWSLETTER_INBOX_PASSWORD"] = "nope"
        let refused = try CLIRunner.run(["inbox", "imaps://\(dovecot.user)@127.0.0.1:\(dovecot.imaps)/INBOX"], environment: wrong, in: dir)
        #expect(refused.status == 1 && refused.stderr.hasPrefix("error: the mailbox imaps://bounces@127.0.0.1:\(dovecot.imaps)/INBOX could not be read:"), "\(refused.stderr)")
        // POP3S: the bounce of p1 is deleted once its change is committed.
        try dovecot.deliver(Self.dsn(to: verp(2, issue: "2026-11-27"), recipient: "p1@example.net", id: "pop-1"))
        let pop = try CLIRunner.run(["inbox", "pop3s://\(dovecot.user)@127.0.0.1:\(dovecot.pop3s)", "--json"], environment: env, in: dir)
        #expect(pop.status == 0, "\(pop.stderr)")
        #expect(try json(pop.stdout).compactMap { $0["subscriber"] as? String } == ["p0@example.net", "p1@example.net"])
        #expect(try status("p1@example.net", in: dir)["status"] as? String == "bounced")
        #expect(try status("p2@example.net", in: dir)["status"] as? String == "confirmed")
        let left = dovecot.folders()
        #expect(left.new.isEmpty && left.cur.isEmpty, "POP3 deletes what it processed: \(left)")
    }

    @Test func softBouncesCountOnDifferentIssuesAndAForgedTagAttributesNothing() throws {
        let dir = try people()
        func pipe(_ data: Data) throws -> [String: Any] {
            let r = try CLIRunner.run(["inbox", "-", "--json"], environment: Self.base, in: dir, stdin: data)
            #expect(r.status == 0, "\(r.stderr)")
            return try json(r.stdout)[0]
        }
        let full = "552 5.2.2 <RCPT>: Mailbox full, quota exceeded"
        #expect(try pipe(Self.dsn(to: verp(1, issue: "2026-11-06"), recipient: "p0@example.net", id: "s1", status: "5.2.2", diagnostic: full))["action"] as? String == "soft-bounce")
        // Another report on the same issue does not count again.
        _ = try pipe(Self.dsn(to: verp(1, issue: "2026-11-06"), recipient: "p0@example.net", id: "s2", status: "5.2.2", diagnostic: full))
        _ = try pipe(Self.dsn(to: verp(1, issue: "2026-11-13"), recipient: "p0@example.net", id: "s3", status: "5.2.2", diagnostic: full))
        var p0 = try status("p0@example.net", in: dir)
        #expect(p0["status"] as? String == "confirmed" && p0["soft_bounces"] as? Int == 2, "\(p0)")
        #expect(try pipe(Self.dsn(to: verp(1, issue: "2026-11-20"), recipient: "p0@example.net", id: "s4", status: "5.2.2", diagnostic: full))["action"] as? String == "bounced")
        p0 = try status("p0@example.net", in: dir)
        #expect(p0["status"] as? String == "bounced" && p0["soft_bounces"] as? Int == 3)
        // A delay changes nothing.
        var delay = String(decoding: Self.dsn(to: verp(2, issue: "2026-11-20"), recipient: "p1@example.net", id: "d1", status: "4.4.1", diagnostic: "connect timed out"), as: UTF8.self)
        delay = delay.replacingOccurrences(of: "Action: failed", with: "Action: delayed")
        let delayed = try pipe(Data(delay.utf8))
        #expect(delayed["kind"] as? String == "delay" && delayed["action"] as? String == "none")
        // A forged tag (a MAC for another subscriber) with a recipient not on the list: nobody.
        let real = verp(2, issue: "2026-11-20")
        let forged = real.replacingOccurrences(of: "bounces+2.", with: "bounces+3.")
        let nobody = try pipe(Self.dsn(to: forged, recipient: "stranger@example.org", id: "f1"))
        #expect(nobody["subscriber"] is NSNull && nobody["action"] as? String == "none", "\(nobody)")
        #expect(try status("p2@example.net", in: dir)["status"] as? String == "confirmed")
        #expect(try status("p1@example.net", in: dir)["status"] as? String == "confirmed")
        // A lower limit from the environment.
        var strict = Self.base
        strict["NEWSLETTER_SOFT_BOUNCE_LIMIT"] = "1"
        let one = try CLIRunner.run(["inbox", "-", "--json"], environment: strict, in: dir,
                                    stdin: Self.dsn(to: verp(3, issue: "2026-11-20"), recipient: "p2@example.net", id: "s9", status: "5.2.2", diagnostic: full))
        #expect(try json(one.stdout)[0]["action"] as? String == "bounced")
    }

    static let arf = """
        From: fbl@isp.example
        To: bounces@harborlight.example
        Subject: Abuse report
        Message-ID: <arf-1@isp.example>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report; boundary="A"

        --A
        Content-Type: text/plain

        This is an email abuse report for a message from harborlight.example.
        --A
        Content-Type: message/feedback-report

        Feedback-Type: abuse
        User-Agent: ISP-FBL/1.0
        Version: 1
        Original-Rcpt-To: <p2@example.net>
        --A
        Content-Type: message/rfc822

        From: Harbor Light <news@harborlight.example>
        To: p2@example.net
        Subject: Digest

        Hello
        --A--
        """

    /// Reports an attacker can write (issue 29): each names a subscriber by address alone.
    @Test func reportsThatProveNothingChangeNoOneUnlessAddressesAreTrusted() throws {
        let dir = try people()
        func pipe(_ data: Data, trust: String? = nil) throws -> [String: Any] {
            var env = Self.base
            if let trust { env["NEWSLETTER_INBOX_TRUST"] = trust }
            let r = try CLIRunner.run(["inbox", "-", "--json"], environment: env, in: dir, stdin: data)
            #expect(r.status == 0, "\(r.stderr)")
            return try json(r.stdout)[0]
        }
        let unproven = "The report proves no link to a copy we sent"
        // A DSN from anyone naming p0, sent to the bare bounce address.
        var attacker = String(decoding: Self.dsn(to: "bounces@harborlight.example", recipient: "p0@example.net", id: "x1"), as: UTF8.self)
        attacker = attacker.replacingOccurrences(of: "MAILER-DAEMON@mx.example.net", with: "MAILER-DAEMON@attacker.example")
        let dsn = try pipe(Data(attacker.utf8))
        #expect(dsn["kind"] as? String == "bounce" && dsn["action"] as? String == "none" && dsn["subscriber"] is NSNull, "\(dsn)")
        #expect((dsn["reason"] as? String)?.hasPrefix(unproven) == true, "\(dsn)")
        // A forged VERP tag (another subscriber's MAC) does not fall back to the recipient.
        let forged = verp(2, issue: "2026-11-20").replacingOccurrences(of: "bounces+2.", with: "bounces+1.")
        let forgedTag = try pipe(Self.dsn(to: forged, recipient: "p0@example.net", id: "x2"))
        #expect(forgedTag["action"] as? String == "none" && forgedTag["reason"] is String, "\(forgedTag)")
        // A mail from p1's address asking to unsubscribe, without the token.
        let plea = try pipe(Data("From: P 1 <p1@example.net>\nTo: bounces@harborlight.example\nSubject: unsubscribe\nMessage-ID: <x3@example.net>\n\nunsubscribe\n".utf8))
        #expect(plea["kind"] as? String == "unsubscribe" && plea["action"] as? String == "none" && plea["reason"] is String, "\(plea)")
        // An ARF report naming p2, quoting a message that is not one of ours.
        let complaint = try pipe(Data(Self.arf.utf8))
        #expect(complaint["kind"] as? String == "complaint" && complaint["action"] as? String == "none" && complaint["reason"] is String, "\(complaint)")
        for email in ["p0@example.net", "p1@example.net", "p2@example.net"] {
            #expect(try status(email, in: dir)["status"] as? String == "confirmed")
        }
        // A report about no subscriber at all carries no reason: there was nobody to change.
        let stranger = try pipe(Self.dsn(to: "bounces@harborlight.example", recipient: "nobody@example.org", id: "x4"))
        #expect(stranger["action"] as? String == "none" && stranger["reason"] == nil, "\(stranger)")
        // The operator's opt-in: addresses alone, as before.
        #expect(try pipe(Data(attacker.utf8), trust: "address")["action"] as? String == "bounced")
        let trusted = try pipe(Data(Self.arf.utf8), trust: "address")
        #expect(trusted["action"] as? String == "complained" && trusted["proof"] as? String == "address", "\(trusted)")
        let bad = try CLIRunner.run(["inbox", "-", "--json"], environment: Self.base.merging(["NEWSLETTER_INBOX_TRUST": "anyone"]) { $1 }, in: dir, stdin: Data())
        #expect(bad.status != 0 && bad.stderr == "error: NEWSLETTER_INBOX_TRUST must be proof or address, not 'anyone'.\n", "\(bad.stderr)")
    }

    @Test func complaintsAndMailedUnsubscribeRequests() throws {
        let dir = try people(4)
        func pipe(_ text: String, trust: String = "address") throws -> [String: Any] {
            let r = try CLIRunner.run(["inbox", "-", "--json"], environment: Self.base.merging(["NEWSLETTER_INBOX_TRUST": trust]) { $1 }, in: dir, stdin: Data(text.utf8))
            #expect(r.status == 0, "\(r.stderr)")
            return try json(r.stdout)[0]
        }
        let complaint = try pipe(Self.arf)
        #expect(complaint["kind"] as? String == "complaint" && complaint["feedback_type"] as? String == "abuse")
        #expect(complaint["subscriber"] as? String == "p2@example.net" && complaint["action"] as? String == "complained")
        // An import never brings a complained address back.
        try Data("email\np2@example.net\n".utf8).write(to: dir.appendingPathComponent("again.csv"))
        _ = try CLIRunner.run(["subscribers", "import", "again.csv", "--confirmed"], environment: Self.base, in: dir)
        #expect(try status("p2@example.net", in: dir)["status"] as? String == "complained")

        // A request from the subscriber's own address.
        let own = try pipe("From: P 1 <p1@example.net>\nTo: bounces@harborlight.example\nSubject: unsubscribe\nMessage-ID: <u1@example.net>\n\nunsubscribe\n")
        #expect(own["kind"] as? String == "unsubscribe" && own["action"] as? String == "unsubscribed")
        #expect(try status("p1@example.net", in: dir)["status"] as? String == "unsubscribed")
        // A forged token from a stranger changes nothing.
        let forged = "dXx8cDBAZXhhbXBsZS5uZXQ." + String(repeating: "A", count: 43)
        let stranger = try pipe("From: x@example.org\nTo: bounces@harborlight.example\nSubject: unsubscribe \(forged)\nMessage-ID: <u2@example.org>\n\n")
        #expect(stranger["action"] as? String == "none" && stranger["subscriber"] is NSNull)
        #expect(try status("p0@example.net", in: dir)["status"] as? String == "confirmed")
        // The List-Unsubscribe mailto of a real copy, sent from another address, carries a valid token.
        _ = try CLIRunner.run(["send", "--since", "30d"], environment: Self.base, in: dir)
        let outbox = dir.appendingPathComponent("Outbox/new")
        let copy = try FileManager.default.contentsOfDirectory(atPath: outbox.path).map { try String(contentsOf: outbox.appendingPathComponent($0), encoding: .utf8) }
            .first { $0.contains("To: <p0@example.net>") || $0.contains("To: P 0 <p0@example.net>") }
        let header = try #require(copy?.components(separatedBy: "\r\n").drop { !$0.hasPrefix("List-Unsubscribe:") }.prefix(3).joined())
        let mailto = try #require(header.range(of: "mailto:").map { String(header[$0.upperBound...].prefix { $0 != ">" }) })
        #expect(mailto.hasPrefix("bounces@harborlight.example?subject=unsubscribe%20"), "the mailto goes to the address the inbox reads: \(mailto)")
        let subject = try #require(mailto.split(separator: "=", maxSplits: 1).last?.removingPercentEncoding)
        let viaToken = try pipe("From: forwarder@example.org\nTo: bounces@harborlight.example\nSubject: \(subject)\nMessage-ID: <u3@example.org>\n\n", trust: "proof")
        #expect(viaToken["subscriber"] as? String == "p0@example.net" && viaToken["action"] as? String == "unsubscribed", "\(viaToken)")
        #expect(viaToken["proof"] as? String == "token")
        // An ARF report quoting a real copy proves itself by its Message-ID, without trusting addresses.
        let copy3 = try FileManager.default.contentsOfDirectory(atPath: outbox.path).map { try String(contentsOf: outbox.appendingPathComponent($0), encoding: .utf8) }
            .first { $0.contains("p3@example.net>") }
        let original = try #require(copy3?.components(separatedBy: "\r\n\r\n").first).replacingOccurrences(of: "\r\n", with: "\n")
        let quoted = Self.arf.replacingOccurrences(of: "From: Harbor Light <news@harborlight.example>\nTo: p2@example.net\nSubject: Digest", with: original)
            .replacingOccurrences(of: "<p2@example.net>", with: "<p3@example.net>").replacingOccurrences(of: "arf-1@", with: "arf-2@")
        let proven = try pipe(quoted, trust: "proof")
        #expect(proven["subscriber"] as? String == "p3@example.net" && proven["action"] as? String == "complained", "\(proven)")
        #expect(proven["proof"] as? String == "verp" || proven["proof"] as? String == "message-id", "\(proven)")
    }
}
