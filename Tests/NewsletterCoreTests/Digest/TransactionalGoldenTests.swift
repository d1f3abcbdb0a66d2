import Crypto
import Foundation
import NewsletterCore
import Testing

/// Golden files for the confirmation and welcome emails, sent through the mailer with a
/// fixed envelope; `NEWSLETTER_RECORD_GOLDEN=1` writes them anew.
@Suite struct TransactionalGoldenTests {
    /// Keeps what it is given, in order: a stand-in for the transport, whose real adapters
    /// (SMTP, the outbox) are tested on their own.
    final class Recorder: MailTransport, @unchecked Sendable {
        private let lock = NSLock()
        private var sent: [OutgoingMessage] = []
        var connections: Int { 1 }
        var description: String { "the recorder" }
        var messages: [OutgoingMessage] { lock.withLock { sent } }

        func send(_ message: OutgoingMessage) async throws -> String {
            lock.withLock { sent.append(message) }
            return "250 kept"
        }
    }

    static func mailer(_ transport: Recorder) throws -> TransactionalMailer {
        TransactionalMailer(identity: DigestFixture.identity, templates: try TemplateSet(), secret: DigestFixture.secret, transport: transport,
                            signers: [], envelope: { _, date in
                                DigestMessage.Envelope(messageID: "<golden-mail@harborlightclinic.example>", boundary: "=_nl_golden_mail", date: date)
                            })
    }

    static let subscriber = Subscriber(id: 7, email: "sam@example.com", name: "Sam Reader", status: .pending, created: DigestFixture.now,
                                       confirmed: nil, updated: DigestFixture.now)

    @Test func confirmationAndWelcomeEmailsMatchTheGoldenFiles() async throws {
        let recorder = Recorder()
        let mailer = try Self.mailer(recorder)
        try await mailer.sendConfirmation(to: Self.subscriber, now: DigestFixture.now)
        try await mailer.sendWelcome(to: Self.subscriber, now: DigestFixture.now)
        let messages = recorder.messages
        try #require(messages.count == 2)
        #expect(messages.allSatisfy { $0.recipients == ["sam@example.com"] && $0.sender == SampleBlog.from.address })
        try DigestGoldenTests().compare(messages[0].data, to: "confirm.eml")
        try DigestGoldenTests().compare(messages[1].data, to: "welcome.eml")
        // The confirmation link carries a 7-day confirm token for the address.
        let text = String(decoding: messages[0].data, as: UTF8.self).replacingOccurrences(of: "=\r\n", with: "")
        let token = try #require(text.components(separatedBy: "/confirm/").dropFirst().first?.prefix { !$0.isWhitespace && $0 != "\"" && $0 != "<" })
        let claim = try SubscriberToken.verify(String(token), purpose: .confirm, secret: DigestFixture.secret, now: DigestFixture.now)
        #expect(claim.email == "sam@example.com" && claim.expires == Int(DigestFixture.now.timeIntervalSince1970) + 7 * 86_400)
    }

    @Test func theArchiveFeedMatchesItsGoldenFile() throws {
        let feed = ArchiveFeed(title: "Harbor Light & Counseling", baseURL: "https://news.harborlightclinic.example", entries: [
            .init(id: "2026-11-27", subject: "Winter <blues> & you", created: DigestFixture.now, finished: DigestFixture.now + 95),
            .init(id: "2026-11-20 extra", subject: "Sleep", created: DigestFixture.now - 7 * 86_400, finished: nil),
        ])
        try DigestGoldenTests().compare(Array(feed.render().utf8), to: "archive-feed.xml")
        let parsed = try FeedParser.parse(Data(feed.render().utf8), source: "archive", url: "https://news.harborlightclinic.example/archive/feed.xml")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.feed.posts.map(\.title) == ["Winter <blues> & you", "Sleep"])
        #expect(parsed.feed.posts.map(\.url) == ["https://news.harborlightclinic.example/archive/2026-11-27",
                                                 "https://news.harborlightclinic.example/archive/2026-11-20%20extra"])
    }
}
