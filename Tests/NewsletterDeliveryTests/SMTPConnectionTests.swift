import Foundation
import NewsletterCore
import NewsletterDelivery
import TestProcesses
import Testing

@Suite struct SMTPConnectionTests {
    static let message = Array("From: a@example.org\r\nTo: b@example.net\r\nSubject: hi\r\n\r\n.leading dot\r\nFrom line\r\nbody\r\n".utf8)

    @Test func startTLSAndAuthDeliverTheExactBytesOverOneConnection() throws {
        let server = try SMTPServer(["--tls", "--auth", "news:s3cret"])
        let settings = try SMTPSettings(url: server.url, tls: "require", caFile: server.caFile, username: "news", password: "s3cret")
        let connection = try CurlSMTPConnection(settings: settings)
        for i in 0..<3 {
            let reply = try connection.send(OutgoingMessage(sender: "bounces@example.org", recipients: ["r\(i)@example.net"], data: Self.message))
            #expect(reply.hasPrefix("250"))
        }
        let stored = try server.messages()
        #expect(stored.map(\.recipient) == ["r0@example.net", "r1@example.net", "r2@example.net"])
        #expect(stored.allSatisfy { $0.data == Self.message })
    }

    @Test func wrongPasswordAndUntrustedCertificateAreConfigurationErrors() throws {
        let server = try SMTPServer(["--tls", "--auth", "news:s3cret"])
        let bad = try CurlSMTPConnection(settings: try SMTPSettings(url: server.url, tls: "require", caFile: server.caFile, username: "news", password: "nope", timeout: 5))
        do {
            // A 535 to AUTH is the settings' fault, never the recipient's: not a bounce.
            try bad.send(OutgoingMessage(sender: "a@example.org", recipients: ["b@example.net"], data: Self.message))
            Issue.record("a wrong password must fail")
        } catch let error as SMTPError {
            guard case .configuration(let text) = error else { Issue.record("\(error)"); return }
            #expect(text.contains("535"))
        }
        let untrusted = try CurlSMTPConnection(settings: try SMTPSettings(url: server.url, tls: "require", username: "news", password: "s3cret"))
        do {
            try untrusted.send(OutgoingMessage(sender: "a@example.org", recipients: ["b@example.net"], data: Self.message))
            Issue.record("an untrusted certificate must fail")
        } catch let error as SMTPError {
            guard case .configuration(let text) = error else { Issue.record("\(error)"); return }
            #expect(text.hasPrefix("The SMTP server \(server.url) refused the connection:"))
        }
    }

    @Test func repliesAreClassified() throws {
        let server = try SMTPServer(["--defer-once", "later@example.net", "--refuse", "gone@example.net"])
        let connection = try CurlSMTPConnection(settings: try SMTPSettings(url: server.url, tls: nil))
        #expect(throws: SMTPError.transient(code: 451, reply: "451 4.3.0 <later@example.net>: Temporary failure, try again later")) {
            try connection.send(OutgoingMessage(sender: "a@example.org", recipients: ["later@example.net"], data: Self.message))
        }
        #expect(try connection.send(OutgoingMessage(sender: "a@example.org", recipients: ["later@example.net"], data: Self.message)).hasPrefix("250"))
        do {
            try connection.send(OutgoingMessage(sender: "a@example.org", recipients: ["gone@example.net"], data: Self.message))
            Issue.record("550 expected")
        } catch let error as SMTPError {
            #expect(error.isPermanent)
            #expect(error == .permanent(code: 550, reply: "550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown"))
        }
        #expect(try server.messages().map(\.recipient) == ["later@example.net"])
    }

    @Test(arguments: [false, true])
    func repliesAreClassifiedWithAndWithoutPipelining(pipelining: Bool) throws {
        let server = try SMTPServer(["--defer-once", "later@example.net", "--refuse", "gone@example.net"] + (pipelining ? ["--pipelining"] : []))
        let connection = try CurlSMTPConnection(settings: try SMTPSettings(url: server.url, tls: nil))
        let stuffed = Array(".\r\n..two\r\nend.\r\n.".utf8)
        #expect(try connection.send(OutgoingMessage(sender: "a@example.org", recipients: ["first@example.net"], data: stuffed)).hasPrefix("250"))
        #expect(connection.isPipelining == pipelining)
        #expect(throws: SMTPError.transient(code: 451, reply: "451 4.3.0 <later@example.net>: Temporary failure, try again later")) {
            try connection.send(OutgoingMessage(sender: "a@example.org", recipients: ["later@example.net"], data: Self.message))
        }
        // One refused recipient refuses the message: nobody gets it, and the session goes on.
        #expect(throws: SMTPError.permanent(code: 550, reply: "550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown")) {
            try connection.send(OutgoingMessage(sender: "a@example.org", recipients: ["ok@example.net", "gone@example.net"], data: Self.message))
        }
        #expect(try connection.send(OutgoingMessage(sender: "a@example.org", recipients: ["later@example.net"], data: Self.message)).hasPrefix("250"))
        #expect(throws: SMTPError.self) {
            try connection.send(OutgoingMessage(sender: "a@example.org", recipients: ["x@example.net\r\nRCPT TO:<y@example.net>"], data: Self.message))
        }
        let stored = try server.messages()
        #expect(stored.map(\.recipient) == ["first@example.net", "later@example.net"])
        // What went over the wire was stuffed; the server gives back the exact bytes, CRLF ended.
        #expect(stored.first?.data == stuffed + Array("\r\n".utf8))
        #expect(stored.last?.data == Self.message)
    }

    @Test func aSessionTheServerClosedWhileIdleIsOpenedAgain() throws {
        let server = try SMTPServer(["--idle-timeout", "1", "--pipelining"])
        let connection = try CurlSMTPConnection(settings: try SMTPSettings(url: server.url, tls: nil))
        #expect(try connection.send(OutgoingMessage(sender: "a@example.org", recipients: ["one@example.net"], data: Self.message)).hasPrefix("250"))
        Thread.sleep(forTimeInterval: 2.5)
        #expect(try connection.send(OutgoingMessage(sender: "a@example.org", recipients: ["two@example.net"], data: Self.message)).hasPrefix("250"))
        #expect(try server.messages().map(\.recipient) == ["one@example.net", "two@example.net"])
    }

    @Test func settingsChooseTLSByHost() throws {
        #expect(try SMTPSettings(url: "smtp://127.0.0.1:25", tls: nil).tls == .try)
        #expect(try SMTPSettings(url: "smtp://mail.example.org:587", tls: nil).tls == .require)
        #expect(throws: SMTPError.self) { try SMTPSettings(url: "http://x", tls: nil) }
        #expect(throws: SMTPError.self) { try SMTPSettings(url: "smtp://x", tls: "maybe") }
    }
}
