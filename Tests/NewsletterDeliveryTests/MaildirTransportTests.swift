import Foundation
import NewsletterCore
import NewsletterDelivery
import Testing

@Suite struct MaildirTransportTests {
    @Test func messagesLandWholeInNew() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("maildir-\(UUID().uuidString)")
        let transport = MaildirTransport(directory: dir)
        let data = Array("Subject: hi\r\n\r\nbody\r\n".utf8)
        for _ in 0..<20 {
            try await transport.send(OutgoingMessage(sender: "bounce@example.org", recipients: ["a@example.com"], data: data))
        }
        let new = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("new").path)
        #expect(new.count == 20)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("tmp").path).isEmpty)
        let first = try Data(contentsOf: dir.appendingPathComponent("new/" + new[0]))
        #expect(String(decoding: first, as: UTF8.self) == "Return-Path: <bounce@example.org>\r\nSubject: hi\r\n\r\nbody\r\n")
    }

    @Test func anUnwritableOutboxIsOneSentence() async throws {
        let transport = MaildirTransport(directory: URL(fileURLWithPath: "/proc/newsletter-outbox"))
        do {
            try await transport.send(OutgoingMessage(sender: "a@b.c", recipients: ["d@e.f"], data: []))
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error) == "The outbox /proc/newsletter-outbox cannot be written to (NEWSLETTER_OUTBOX).")
        }
    }
}
