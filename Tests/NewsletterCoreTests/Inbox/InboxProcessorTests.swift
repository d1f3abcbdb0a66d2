import Crypto
import Foundation
import NewsletterCore
import Testing

/// Attribution and the policy applied through the processor's ports, with an in-memory
/// store: which proof ties a report to a subscriber, what a stranger's report can do, and
/// that a report seen twice changes nothing twice.
@Suite struct InboxProcessorTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)
    static let secret = SymmetricKey(data: Data(repeating: 7, count: 32))
    static let base = "bounces@news.example"

    /// Two subscribers, one copy of issue 2026-11-27 sent to Ana as <copy-1@news.example>.
    actor Store: SubscriberDirectory, ReportSink, IssueArchive {
        var people: [Int64: Subscriber] = [:]
        var applied: Set<String> = []
        var changes: [ReportChange] = []

        init() {
            for (id, email) in [(1, "ana@example.org"), (2, "bo@example.org")] {
                people[Int64(id)] = Subscriber(id: Int64(id), email: email, name: nil, status: .confirmed, created: InboxProcessorTests.now,
                                               confirmed: InboxProcessorTests.now, updated: InboxProcessorTests.now)
            }
        }

        func subscriber(_ email: String) -> Subscriber? { people.values.first { $0.email == email.lowercased() } }
        func subscriber(id: Int64) -> Subscriber? { people[id] }
        func events(of subscriber: Subscriber) -> [ConsentEvent] { [] }
        func page(status: SubscriberStatus?, afterID: Int64, limit: Int) -> [Subscriber] {
            Array(people.values.filter { $0.id > afterID && (status == nil || $0.status == status) }.sorted { $0.id < $1.id }.prefix(limit))
        }
        func counts() -> [SubscriberStatus: Int] { Dictionary(grouping: people.values, by: \.status).mapValues(\.count) }

        func applyReport(_ change: ReportChange, now: Date) -> ReportChangeOutcome {
            guard !applied.contains(change.key) else { return .duplicate }
            guard var person = people[change.subscriberID] else { return .unknownSubscriber }
            applied.insert(change.key)
            changes.append(change)
            let decision = change.decide(current: person.status, softBounces: 1)
            if case .move(let status, _, _, _) = decision { person.status = status }
            people[person.id] = person
            return .applied(decision.done, person)
        }

        func unfinishedIssue() -> IssueRecord? { nil }
        func issue(inWeek week: String) -> IssueRecord? { nil }
        func issue(id: String) -> IssueRecord? { nil }
        func issues() -> [IssueRecord] { [] }
        func delivery(messageID: String) -> DeliveryReference? {
            messageID.trimmingCharacters(in: CharacterSet(charactersIn: "<>")) == "copy-1@news.example"
                ? DeliveryReference(issueID: "2026-11-27", subscriberID: 1, email: "ana@example.org") : nil
        }
    }

    static func processor(_ store: Store, trust: InboxTrust = .proof) -> InboxProcessor {
        InboxProcessor(store: store, ledger: store, secret: secret, bounceAddress: base, trust: trust)
    }

    static func bounce(_ email: String, hard: Bool = true, envelope: [String] = [], messageIDs: [String] = [], id: String = "dsn-1@mx.example") -> InboundReport {
        InboundReport(kind: .bounce, messageID: id,
                      recipients: [ReportRecipient(email: email, status: hard ? "5.1.1" : "4.2.2", action: "failed", hard: hard,
                                                   diagnostic: "550 5.1.1 no such user", reason: hard ? .userUnknown : .mailboxFull)],
                      envelopeAddresses: envelope, originalMessageIDs: messageIDs)
    }

    @Test func aSignedVERPTagAttributesTheReportToItsSubscriberAndIssue() async throws {
        let store = Store()
        let verp = VERPTag(subscriberID: 2, issueID: "2026-11-27").address(base: Self.base, secret: Self.secret)
        // The recipient the bounce names is someone else: the tag decides.
        let result = try await Self.processor(store).process(Self.bounce("ana@example.org", envelope: [verp]), key: "k", dryRun: false, now: Self.now)
        #expect(result.subscriber == "bo@example.org")
        #expect(result.issue == "2026-11-27")
        #expect(result.proof == .verp)
        #expect(result.action == .bounced)
        #expect(await store.people[2]?.status == .bounced)
        #expect(await store.people[1]?.status == .confirmed)
        #expect(await store.changes.first?.deliveryNote?.issueID == "2026-11-27")
    }

    @Test func aForgedVERPTagProvesNothing() async throws {
        let store = Store()
        let forged = VERPTag(subscriberID: 2, issueID: "2026-11-27").address(base: Self.base, secret: SymmetricKey(data: Data(repeating: 1, count: 32)))
        let result = try await Self.processor(store).process(Self.bounce("bo@example.org", envelope: [forged]), key: "k", dryRun: false, now: Self.now)
        #expect(result.subscriber == nil)
        #expect(result.action == .none)
        #expect(result.reason == InboxProcessor.unprovenReason)
        #expect(await store.changes.isEmpty)
    }

    @Test func ourMessageIDQuotedInTheReportFindsTheCopy() async throws {
        let store = Store()
        let result = try await Self.processor(store).process(Self.bounce("ana@example.org", messageIDs: ["<copy-1@news.example>"]),
                                                              key: "k", dryRun: false, now: Self.now)
        #expect(result.proof == .messageID)
        #expect(result.issue == "2026-11-27")
        #expect(await store.people[1]?.status == .bounced)
    }

    @Test func aSignedUnsubscribeTokenInAMailedRequestUnsubscribes() async throws {
        let store = Store()
        let token = SubscriberToken(purpose: .unsubscribe, email: "bo@example.org", expires: nil).signed(with: Self.secret)
        let request = InboundReport(kind: .unsubscribe, messageID: "<req@example.org>", unsubscribeTokens: [token], from: "mallory@example.net")
        let result = try await Self.processor(store).process(request, key: "k", dryRun: false, now: Self.now)
        #expect(result.proof == .token)
        #expect(result.action == .unsubscribed)
        #expect(await store.people[2]?.status == .unsubscribed)
    }

    @Test func anAddressAloneCountsOnlyUnderAddressTrustOrASignedWebhook() async throws {
        let store = Store()
        let stranger = try await Self.processor(store).process(Self.bounce("ana@example.org"), key: "k1", dryRun: false, now: Self.now)
        #expect(stranger.action == .none && stranger.reason == InboxProcessor.unprovenReason)
        let webhook = try await Self.processor(store).process(Self.bounce("ana@example.org", id: "e1@mx.example"), key: "k2", dryRun: false, now: Self.now, signed: true)
        #expect(webhook.proof == .webhook && webhook.action == .bounced)
        let trusted = try await Self.processor(store, trust: .address).process(Self.bounce("bo@example.org", id: "e2@mx.example"), key: "k3", dryRun: false, now: Self.now)
        #expect(trusted.proof == .address && trusted.action == .bounced)
    }

    @Test func aDryRunDecidesAndChangesNothing() async throws {
        let store = Store()
        let result = try await Self.processor(store).process(Self.bounce("ana@example.org", messageIDs: ["copy-1@news.example"]),
                                                              key: "k", dryRun: true, now: Self.now)
        #expect(result.action == .bounced)
        #expect(await store.changes.isEmpty)
        #expect(await store.people[1]?.status == .confirmed)
    }

    @Test func theSameReportTwiceChangesNothingTheSecondTime() async throws {
        let store = Store()
        let report = Self.bounce("ana@example.org", hard: false, messageIDs: ["copy-1@news.example"])
        let first = try await Self.processor(store).process(report, key: "k", dryRun: false, now: Self.now)
        let second = try await Self.processor(store).process(report, key: "k", dryRun: false, now: Self.now)
        #expect(first.action == .softBounce && !first.duplicate)
        #expect(second.action == .none && second.duplicate)
        #expect(await store.changes.count == 1)
        #expect(await store.changes.first?.detail.hasPrefix("report <dsn-1@mx.example>; bounce; 4.2.2; 550 5.1.1") == true)
    }

    @Test func anAutoReplyNeverNamesAnyone() async throws {
        let store = Store()
        let reply = InboundReport(kind: .autoreply, messageID: "<ooo@example.org>", from: "ana@example.org")
        let result = try await Self.processor(store, trust: .address).process(reply, key: "k", dryRun: false, now: Self.now)
        #expect(result.action == .none && result.reason == nil)
    }
}
