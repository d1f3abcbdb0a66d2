import Crypto
import Foundation
import NewsletterCore
import NewsletterDelivery
import NewsletterStore
import TestProcesses
import Testing

/// Sends against the real SMTP server of `Tests/PythonHelpers/smtp_server.py`.
@Suite struct SendRunnerTests {
    static let secret = SymmetricKey(data: Data("send-secret".utf8))
    static let identity = NewsletterIdentity(name: "Harbor Light Counseling", from: SampleBlog.from, blogURL: "https://www.harborlightclinic.example/blog/",
                                             baseURL: "https://news.example", postalAddress: SampleBlog.postalAddress)

    static func makeStore(subscribers: Int, prefix: String = "s") async throws -> SQLiteStore {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("send-\(UUID().uuidString)/n.sqlite").path
        let store = try SQLiteStore(path: path)
        let session = try await store.subscribers.importer(confirmed: true, now: Date())
        for i in 0..<subscribers {
            try await session.add(ImportRow(line: i + 2, email: "\(prefix)\(i)@example.net", name: "Reader \(i)", attributes: [:]))
        }
        _ = try await session.finish()
        return store
    }

    static func issue(store: SQLiteStore, id: String = "2026-11-27") async throws -> IssueRecord {
        let feed = try FeedParser.parse(Data(SampleBlog.feedXML.utf8), source: "sample", url: SampleBlog.feedURL).feed
        let posts = Array(feed.newestFirst.prefix(3))
        let rendered = DigestRenderer(templates: try TemplateSet()).render(Digest(issueID: id, date: Date(), posts: posts, identity: identity))
        let record = IssueRecord(id: id, created: Date(), week: "2026-W48", subject: rendered.subject, html: rendered.html.rendered,
                                 text: rendered.text.rendered, postIDs: posts.map(\.id), identity: identity)
        _ = try await store.issues.createIssue(record)
        return record
    }

    /// Sends `issue` the way `newsletter send` does: composed from the ledger, through `transport`.
    static func send(_ issue: IssueRecord, store: SQLiteStore, transport: any MailTransport, options: SendOptions,
                     envelopeSender: EnvelopeSender = .fixed("bounces@harborlightclinic.example")) async throws -> SendSummary {
        let composed = IssueComposer(identity: identity, templates: try TemplateSet(), secret: secret).resume(issue)
        return try await SendRunner(ledger: store.issues, transport: transport, journalDirectory: store.journalDirectory, options: options,
                                    envelopeSender: envelopeSender).run(issue: issue, composed: composed)
    }

    /// Rebuilds the message a recipient should have received, with the Message-ID, boundary
    /// and Date the server saw, and compares it byte for byte.
    static func expected(for recipient: String, name: String?, received: [UInt8], issue: IssueRecord) -> [UInt8] {
        let text = String(decoding: received, as: UTF8.self)
        func header(_ name: String) -> String? {
            text.components(separatedBy: "\r\n").first { $0.hasPrefix(name + ": ") }.map { String($0.dropFirst(name.count + 2)) }
        }
        let boundary = text.components(separatedBy: "boundary=\"").dropFirst().first?.components(separatedBy: "\"").first ?? ""
        let date = header("Date").flatMap(FeedDate.parse) ?? Date()
        let rendered = RenderedDigest(subject: issue.subject, html: PersonalizedText(rendered: issue.html), text: PersonalizedText(rendered: issue.text))
        let token = SubscriberToken(purpose: .unsubscribe, email: recipient, expires: nil).signed(with: secret)
        return DigestMessage(identity: identity, rendered: rendered).message(
            for: Recipient(email: recipient, name: name), token: token,
            preferences: SubscriberToken(purpose: .preferences, email: recipient, expires: nil).signed(with: secret),
            envelope: .init(messageID: header("Message-ID") ?? "", boundary: boundary, date: date),
            unsubscribeQuery: IssueTag.query(issue: issue.id, email: recipient, secret: secret)).render()
    }

    @Test func aThousandSubscribersEachGetExactlyOneExactCopyOverSTARTTLSAndAuth() async throws {
        let server = try SMTPServer(["--tls", "--auth", "news:s3cret"])
        let store = try await Self.makeStore(subscribers: 1000)
        let issue = try await Self.issue(store: store)
        var options = SendOptions()
        options.concurrency = 4
        let settings = try SMTPSettings(url: server.url, tls: "require", caFile: server.caFile, username: "news", password: "s3cret")
        let summary = try await Self.send(issue, store: store, transport: SMTPPoolTransport(settings: settings, connections: 4), options: options)
        #expect(summary.sent == 1000 && summary.bounced == 0 && summary.deferred == 0)
        let messages = try server.messages()
        #expect(messages.count == 1000)
        #expect(Set(messages.map(\.recipient)) == Set((0..<1000).map { "s\($0)@example.net" }))
        for (recipient, data) in messages {
            let i = Int(recipient.dropFirst().split(separator: "@")[0])!
            #expect(data == Self.expected(for: recipient, name: "Reader \(i)", received: data, issue: issue), "\(recipient)")
        }
        #expect(try await store.issues.issue(id: issue.id)?.finished != nil)
    }

    @Test func faultsAreRetriedOrBouncedAndNothingIsLost() async throws {
        let server = try SMTPServer(["--defer-once", "s3@example.net", "--defer-once", "s7@example.net", "--refuse", "s5@example.net",
                                     "--refuse", "s11@example.net", "--close-after", "6", "--drop-data-once", "s9@example.net"])
        let store = try await Self.makeStore(subscribers: 20)
        let issue = try await Self.issue(store: store)
        var options = SendOptions()
        options.concurrency = 2
        options.retryBase = 0.05
        options.maxWait = 20
        let transport = SMTPPoolTransport(settings: try SMTPSettings(url: server.url, tls: nil), connections: 2)
        let summary = try await Self.send(issue, store: store, transport: transport, options: options)
        #expect(summary.sent == 18)
        #expect(summary.bounced == 2)
        #expect(summary.deferred == 0)
        let received = try server.messages().map(\.recipient)
        #expect(received.count == 18)
        #expect(Set(received).count == 18, "a duplicate: \(received.sorted())")
        #expect(!received.contains("s5@example.net") && !received.contains("s11@example.net"))
        #expect(try await store.subscribers.subscriber("s5@example.net")?.status == .bounced)
        let events = try await store.subscribers.events(of: try #require(try await store.subscribers.subscriber("s11@example.net")))
        #expect(events.last?.detail == "550 5.1.1 <s11@example.net>: Recipient address rejected: User unknown")
        #expect(try await store.subscribers.subscriber("s3@example.net")?.status == .confirmed)
    }

    @Test func aDeferralBeyondTheWaitIsLeftForTheNextRun() async throws {
        let server = try SMTPServer(["--defer-once", "s1@example.net"])
        let store = try await Self.makeStore(subscribers: 3)
        let issue = try await Self.issue(store: store)
        var options = SendOptions()
        options.retryBase = 30
        options.maxWait = 1
        let transport = SMTPPoolTransport(settings: try SMTPSettings(url: server.url, tls: nil), connections: 4)
        let first = try await Self.send(issue, store: store, transport: transport, options: options, envelopeSender: .fixed("b@harborlightclinic.example"))
        #expect(first.sent == 2 && first.deferred == 1)
        #expect(try await store.issues.unfinishedIssue()?.id == issue.id)
    }
}

/// VERP and Message-IDs: each copy's envelope sender names it, and its Message-ID is in the ledger.
@Suite struct VERPSendTests {
    @Test func eachCopyCarriesItsOwnSignedTagAndItsMessageIDIsKept() async throws {
        let store = try await SendRunnerTests.makeStore(subscribers: 12)
        let issue = try await SendRunnerTests.issue(store: store)
        let outbox = URL(fileURLWithPath: store.path).deletingLastPathComponent().appendingPathComponent("outbox")
        let base = "bounces@harborlightclinic.example"
        let summary = try await SendRunnerTests.send(issue, store: store, transport: MaildirTransport(directory: outbox, connections: 3),
                                                     options: SendOptions(), envelopeSender: .verp(base: base, secret: SendRunnerTests.secret))
        #expect(summary.sent == 12)
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox.appendingPathComponent("new").path)
        #expect(files.count == 12)
        var senders = Set<String>()
        for name in files {
            let text = try String(contentsOf: outbox.appendingPathComponent("new/" + name), encoding: .utf8)
            let lines = text.components(separatedBy: "\r\n")
            let sender = try #require(lines.first?.replacingOccurrences(of: "Return-Path: ", with: ""))
            let to = try #require(lines.first { $0.hasPrefix("To: ") }?.components(separatedBy: "<").last?.dropLast())
            let messageID = try #require(lines.first { $0.hasPrefix("Message-ID: ") }?.dropFirst("Message-ID: ".count))
            let tag = try #require(VERPTag.parse(address: sender, base: base, secret: SendRunnerTests.secret), "\(sender)")
            let copy = try #require(try await store.issues.delivery(messageID: String(messageID)))
            #expect(tag.issueID == issue.id && copy.issueID == issue.id)
            #expect(tag.subscriberID == copy.subscriberID && copy.email == String(to), "the tag and the Message-ID name the same copy")
            senders.insert(sender)
        }
        #expect(senders.count == 12, "one envelope sender per copy")
    }
}

/// What a killed send leaves behind: claimed rows in the ledger and the connections' journals.
@Suite struct SendJournalTests {
    @Test func recoveryAppliesFinishedCopiesAndReportsOnlyTheStartedOnes() async throws {
        let store = try await SendRunnerTests.makeStore(subscribers: 6)
        let issue = try await SendRunnerTests.issue(store: store)
        let claimed = try await store.issues.claimDeliveries(issueID: issue.id, limit: 5, now: Date())
        #expect(claimed.count == 5)
        let first = try SendJournal(directory: store.journalDirectory, issueID: issue.id, worker: 0)
        try first.starting(claimed[0].subscriberID)
        try first.finished(claimed[0].subscriberID, email: claimed[0].email, outcome: .sent(reply: "250 2.0.0 Ok: queued as 1"), messageID: "<c0@n.example>")
        try first.starting(claimed[1].subscriberID)
        try first.finished(claimed[1].subscriberID, email: claimed[1].email, outcome: .bounced(reply: "550 5.1.1 <s_1@example.net>: no such user\r\n"))
        try first.starting(claimed[2].subscriberID)
        let second = try SendJournal(directory: store.journalDirectory, issueID: issue.id, worker: 1)
        try second.starting(claimed[3].subscriberID)
        // A line cut short by the kill: the transaction never started.
        let cut = FileHandle(forWritingAtPath: second.path)!
        cut.seekToEndOfFile()
        cut.write(Data("S \(claimed[4].subscriberID)".utf8))
        try cut.close()

        let inFlight = try await SendJournal.recover(issueID: issue.id, directory: store.journalDirectory, ledger: store.issues, now: Date())
        #expect(inFlight == [claimed[2].email, claimed[3].email])
        let counts = try await store.issues.deliveryCounts(issueID: issue.id)
        #expect(counts.sent == 1 && counts.bounced == 1 && counts.unknown == 2 && counts.queued == 2 && counts.claimed == 0)
        let bounced = try #require(try await store.subscribers.subscriber(claimed[1].email))
        #expect(bounced.status == .bounced)
        #expect(try await store.subscribers.events(of: bounced).last?.detail == "550 5.1.1 <s_1@example.net>: no such user\r\n", "the reply survives the journal as it was")
        #expect(try await store.issues.delivery(messageID: "<c0@n.example>")?.subscriberID == claimed[0].subscriberID, "the Message-ID survives the journal")
        #expect(!FileManager.default.fileExists(atPath: first.path) && !FileManager.default.fileExists(atPath: second.path))
        // Recovering again changes nothing and reports nobody.
        #expect(try await SendJournal.recover(issueID: issue.id, directory: store.journalDirectory, ledger: store.issues, now: Date()).isEmpty)
        #expect(try await store.issues.deliveryCounts(issueID: issue.id) == counts)
    }

    @Test func journalsFromBeforeMessageIDsWereKeptAreStillRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let lines = "S 1\nD 1 sent 0.0 a%40example.net 250%20ok\nS 2\nD 2 bounced 0.0 b%40example.net %3Cm2%40x%3E 550%20no\nS 3\n"
        try Data(lines.utf8).write(to: dir.appendingPathComponent("2026-11-27.0.journal"))
        let (replay, files) = SendJournal.replay(directory: dir.path, issueID: "2026-11-27")
        #expect(files.count == 1)
        #expect(replay.started == [3])
        #expect(replay.finished == [
            RecordedOutcome(subscriberID: 1, email: "a@example.net", outcome: .sent(reply: "250 ok"), messageID: nil),
            RecordedOutcome(subscriberID: 2, email: "b@example.net", outcome: .bounced(reply: "550 no"), messageID: "<m2@x>"),
        ])
    }
}
